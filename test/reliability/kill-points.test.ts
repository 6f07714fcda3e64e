import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readMigratedTables } from '../../src/testing/rewrite-database.js';
import { hashTree } from '../../src/testing/hash-tree.js';
import { agentStoreContents, makeWorld, REPO_ROOT, writeStandardStore, type World } from '../e2e/world.js';

/**
 * Issue 13: SIGKILL at the two moments random kills rarely hit, exactly.
 * The migration runs in a child process through the built API, with the
 * real file system but for one call, where the process kills itself: in the
 * middle of the transcript copies, in the middle of codex's thread copy, and
 * after the commit just before the ledger says the run is complete. `undo`
 * then takes back all of it. And an abort once copying began: the run takes
 * back what it did by itself.
 */
let world: World;
beforeEach(() => {
  world = makeWorld();
  writeStandardStore(world);
});
afterEach(() => world.cleanup());

const KILLING_RUN = `
import * as fs from 'node:fs';
import { migrate } from ${JSON.stringify(path.join(REPO_ROOT, 'dist', 'index.js'))};
const [paths, killAt] = [JSON.parse(process.argv[2]), process.argv[3]];
let copies = 0;
const killed = () => process.kill(process.pid, 'SIGKILL');
const killing = {
  ...fs,
  copyFileSync(...args) {
    if (killAt === 'second-copy' && ++copies === 2) killed();
    return fs.copyFileSync(...args);
  },
  renameSync(from, to) {
    fs.renameSync(from, to);
    if (killAt === 'codex-copy' && to.includes('/.codex/sessions/')) killed();
  },
  writeSync(fd, data, ...rest) {
    if (killAt === 'ledger-complete' && typeof data === 'string' && data.includes('"state": "complete"')) killed();
    return fs.writeSync(fd, data, ...rest);
  },
};
await migrate({ ...paths, fs: killing });
console.log('not killed');
`;

/** Runs `source` (a script using the built API) in a child process on the world's paths, with `arg`. */
function runThroughApi(source: string, arg: string) {
  const script = path.join(world.home, 'api-run.mjs');
  fs.writeFileSync(script, source);
  const paths = {
    legacyRoot: world.store.root,
    dataDir: world.dataDir,
    claudeDir: world.claudeDir,
    runFile: path.join(world.home, '.ao', 'running.json'),
  };
  const result = spawnSync(process.execPath, [script, JSON.stringify(paths), arg], { env: world.env, encoding: 'utf8', timeout: 60_000 });
  fs.rmSync(script);
  return result;
}

describe('SIGKILL at an exact moment, then undo', () => {
  it.each([
    ['in the middle of the transcript copies', 'second-copy', 0],
    ["once codex's copy of a thread is written, before its row", 'codex-copy', 0],
    ['after the commit, before the ledger says complete', 'ledger-complete', 4],
  ] as const)('%s: undo leaves no row, file or agent change of the run', (_when, killAt, rowsAfterKill) => {
    const claudeBefore = hashTree(world.claudeDir, { ignoreDirectoryMtimes: true });
    const agentsBefore = agentStoreContents(world);
    const killed = runThroughApi(KILLING_RUN, killAt);
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.stdout).not.toContain('not killed');
    expect(readMigratedTables(world.dbPath).sessions).toHaveLength(rowsAfterKill);
    const ledger = JSON.parse(fs.readFileSync(path.join(world.dataDir, 'legacy-migration.json'), 'utf8'));
    expect(ledger.runs.map((run: { state: string }) => run.state)).toEqual(['started']);

    const undo = world.run(['undo', '--json', '--no-backup']);
    expect(undo.status, undo.stdout).toBe(0);
    expect(readMigratedTables(world.dbPath)).toEqual({ projects: [], sessions: [], changeLog: [] });
    expect(hashTree(world.claudeDir, { ignoreDirectoryMtimes: true })).toBe(claudeBefore);
    expect(agentStoreContents(world)).toEqual(agentsBefore);

    // And the migration then runs as on a fresh machine.
    const again = JSON.parse(world.run(['--json']).stdout);
    expect(again.counts.sessions.created).toBe(4);
    expect(again.counts.agentDirectories.created).toBe(2);
  });
});

const ABORTING_RUN = `
import { migrate, MigrationRefusedError } from ${JSON.stringify(path.join(REPO_ROOT, 'dist', 'index.js'))};
const [paths, abortAt] = [JSON.parse(process.argv[2]), process.argv[3]];
const controller = new AbortController();
const phases = [];
try {
  await migrate({
    ...paths,
    signal: controller.signal,
    onProgress(event) {
      phases.push(event.phase);
      if (event.phase === abortAt) controller.abort();
    },
  });
  console.log(JSON.stringify({ phases }));
} catch (error) {
  if (!(error instanceof MigrationRefusedError)) throw error;
  console.log(JSON.stringify({ phases, code: error.code, leftBehind: error.leftBehind }));
}
`;

describe('an abort once the run began copying (a late refusal)', () => {
  // After the first transcript copy (the second is not made), and once codex's and opencode's stores were changed.
  it.each(['transcripts', 'agents'] as const)(
    'at %s: refused ABORTED, and the run takes back every copy and store change itself, leaving nothing behind',
    (abortAt) => {
      const claudeBefore = hashTree(world.claudeDir, { ignoreDirectoryMtimes: true });
      const dataBefore = hashTree(world.dataDir, { ignoreDirectoryMtimes: true });
      const agentsBefore = agentStoreContents(world);
      const result = runThroughApi(ABORTING_RUN, abortAt);
      expect(result.status, result.stderr).toBe(0);
      const outcome = JSON.parse(result.stdout);
      expect(outcome).toMatchObject({ code: 'ABORTED', leftBehind: [] });
      // The abort came when the run had done something to take back.
      expect(outcome.phases).toContain(abortAt);
      expect(outcome.phases).not.toContain('database');

      expect(hashTree(world.claudeDir, { ignoreDirectoryMtimes: true })).toBe(claudeBefore);
      expect(agentStoreContents(world)).toEqual(agentsBefore);
      expect(hashTree(world.dataDir, { ignoreDirectoryMtimes: true })).toBe(dataBefore);
      expect(readMigratedTables(world.dbPath)).toEqual({ projects: [], sessions: [], changeLog: [] });
    },
  );
});
