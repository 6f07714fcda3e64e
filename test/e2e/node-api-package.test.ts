import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { hashTree } from '../../src/testing/hash-tree.js';
import { readMigratedTables } from '../../src/testing/rewrite-database.js';
import { makeWorld, REPO_ROOT, writeStandardStore, type World } from './world.js';

// Another repo's view: `import ... from 'ao-migrate'` resolved through
// node_modules and the package's `exports`, running the BUILT files.
const CONSUMER = `
import { migrate, MigrationRefusedError } from 'ao-migrate';
import { hashTree } from 'ao-migrate/testing';

const [paths, abortAt] = [JSON.parse(process.argv[2]), process.argv[3]];
const controller = new AbortController();
const events = [];
try {
  const report = await migrate({
    ...paths,
    signal: controller.signal,
    onProgress(event) {
      events.push(event);
      if (event.phase === abortAt) controller.abort();
    },
  });
  console.log(JSON.stringify({ events, report }));
} catch (error) {
  console.log(JSON.stringify({
    events,
    refused: error instanceof MigrationRefusedError,
    code: error.code,
    message: error.message,
    claudeHash: hashTree(paths.claudeDir),
  }));
}
`;

let world: World;
let consumerDir: string;
beforeEach(() => {
  world = makeWorld();
  writeStandardStore(world);
  consumerDir = path.join(world.home, 'consumer');
  fs.mkdirSync(path.join(consumerDir, 'node_modules'), { recursive: true });
  fs.symlinkSync(REPO_ROOT, path.join(consumerDir, 'node_modules', 'ao-migrate'));
  fs.writeFileSync(path.join(consumerDir, 'run.mjs'), CONSUMER);
});
afterEach(() => world.cleanup());

function runConsumer(abortAt = '') {
  const paths = {
    legacyRoot: world.store.root,
    globalConfigPath: world.store.registryPath,
    dataDir: world.dataDir,
    claudeDir: world.claudeDir,
    runFile: path.join(world.home, '.ao', 'running.json'),
  };
  const result = spawnSync(process.execPath, ['run.mjs', JSON.stringify(paths), abortAt], {
    cwd: consumerDir,
    env: world.env,
    encoding: 'utf8',
  });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  // migrate() prints nothing: the consumer's one line is all there is.
  expect(result.stdout.trim().split('\n')).toHaveLength(1);
  return JSON.parse(result.stdout);
}

it('migrate() from the built package: a report and progress through every phase', () => {
  const { events, report } = runConsumer();
  expect(report.counts.sessions.created).toBe(4);
  expect(report.target.backupPath).toMatch(/ao\.db\.pre-migrate-/);
  const phases = [...new Set(events.map((e: { phase: string }) => e.phase))];
  expect(phases).toEqual(['read', 'plan', 'preconditions', 'transcripts', 'database', 'done']);
  const copies = events.filter((e: { phase: string }) => e.phase === 'transcripts');
  expect(copies.at(-1)).toMatchObject({ completed: 2, total: 2 });
  expect(readMigratedTables(world.dbPath).sessions).toHaveLength(4);
});

it('an abort before the transaction commits leaves the database untouched', () => {
  const before = hashTree(world.dataDir, { ignoreDirectoryMtimes: true });
  const result = runConsumer('transcripts');
  expect(result).toMatchObject({ refused: true, code: 'ABORTED' });
  expect(result.events.some((e: { phase: string }) => e.phase === 'database')).toBe(false);
  expect(hashTree(world.dataDir, { ignoreDirectoryMtimes: true })).toBe(before);
  expect(readMigratedTables(world.dbPath).sessions).toEqual([]);
});

it('an abort at the start changes nothing at all', () => {
  const claudeBefore = hashTree(world.claudeDir);
  const result = runConsumer('read');
  expect(result).toMatchObject({ refused: true, code: 'ABORTED' });
  expect(result.claudeHash).toBe(claudeBefore);
  expect(readMigratedTables(world.dbPath).sessions).toEqual([]);
});
