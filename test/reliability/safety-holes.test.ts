import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashTree } from '../../src/testing/hash-tree.js';
import { readMigratedTables } from '../../src/testing/rewrite-database.js';
import { CLI, makeReadableForAll, makeWorld, UUID_1, UUID_ORCH, writeStandardStore, type World } from '../e2e/world.js';

/** The holes hostile testing found (issue 13), one test each, through the built CLI. */
let world: World;
beforeEach(() => {
  world = makeWorld();
  writeStandardStore(world);
});
afterEach(() => world.cleanup());

const json = (args: string[], env: NodeJS.ProcessEnv = {}) => {
  const result = world.run([...args, '--json'], env);
  return { status: result.status, report: JSON.parse(result.stdout) };
};

describe('a Claude dir inside the legacy store is refused, like such a data dir', () => {
  it.each([
    ['--claude-dir', (root: string) => ({ args: ['--claude-dir', path.join(root, 'claude')], env: {} })],
    ['--claude-dir with ..', (root: string) => ({ args: ['--claude-dir', path.join(root, 'projects', '..', 'claude')], env: {} })],
    ['CLAUDE_CONFIG_DIR', (root: string) => ({ args: [], env: { CLAUDE_CONFIG_DIR: path.join(root, 'claude') } })],
  ])('%s', (_how, given) => {
    const legacyBefore = hashTree(world.store.root);
    const { args, env } = given(world.store.root);
    for (const dryRun of [[], ['--dry-run']]) {
      const { status, report } = json([...args, ...dryRun], env);
      expect(status).toBe(2);
      expect(report.refusal.code).toBe('CLAUDE_DIR_SUSPICIOUS');
    }
    expect(hashTree(world.store.root)).toBe(legacyBefore);
    expect(readMigratedTables(world.dbPath).sessions).toEqual([]);
  });

  it('through a symlink that leads into the store', () => {
    const link = path.join(world.home, 'claude-link');
    fs.symlinkSync(world.store.root, link);
    const legacyBefore = hashTree(world.store.root);
    expect(json(['--claude-dir', path.join(link, 'claude')]).report.refusal.code).toBe('CLAUDE_DIR_SUSPICIOUS');
    expect(hashTree(world.store.root)).toBe(legacyBefore);
  });
});

describe('a FIFO where a file belongs never hangs the run', () => {
  const mkfifo = (file: string) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    expect(spawnSync('mkfifo', [file]).status).toBe(0);
  };

  it.each([
    ["the rewrite's run file", (w: World) => path.join(w.home, '.ao', 'running.json')],
    ["the legacy tool's run file", (w: World) => path.join(w.store.root, 'running.json')],
  ])('%s: read as absent', (_what, where) => {
    mkfifo(where(world));
    const { status, report } = json(['--dry-run']);
    expect(status).toBe(0);
    expect(report.counts.sessions.created).toBe(4);
  });

  // Each is one note (the registry: a problem, as its projects cannot be read); every other session still migrates.
  it.each([
    ["a repository's own config", (w: World) => path.join(w.home, 'code', 'my-app', 'agent-orchestrator.yaml'), 4],
    ["the portfolio's preferences", (w: World) => path.join(w.store.root, 'portfolio', 'preferences.json'), 4],
    ["the portfolio's registered projects", (w: World) => path.join(w.store.root, 'portfolio', 'registered.json'), 4],
    ['a session file', (w: World) => path.join(w.store.root, 'projects', 'my-app_3f9c2a1b7d', 'sessions', 'ma-9.json'), 4],
  ])('%s: a note, and the rest migrates', (_what, where, created) => {
    const fifo = where(world);
    fs.rmSync(fifo, { force: true });
    mkfifo(fifo);
    const { status, report } = json(['--dry-run']);
    expect(status).toBe(0);
    expect(report.counts.sessions.created).toBe(created);
    expect(JSON.stringify(report.notes)).toContain(fifo);
  });

  it("an old store dir's .origin: names no registry, with a note; the dir's sessions still found by their registry", () => {
    const origin = path.join(world.store.root, '0123456789ab-tools', '.origin');
    mkfifo(origin);
    const { status, report } = json(['--dry-run']);
    expect(status).toBe(0);
    expect(report.sessions.find((s: { id: string }) => s.id === 'too-1')).toMatchObject({ status: 'created' });
    expect(report.notes).toContainEqual(expect.objectContaining({ id: origin, message: expect.stringContaining('could not be read') }));
  });

  it('the registry: a problem naming it, nothing of it migrated, no hang', () => {
    fs.rmSync(world.store.registryPath);
    mkfifo(world.store.registryPath);
    const { status, report } = json(['--dry-run']);
    expect(status).toBe(1);
    expect(report.problems).toContainEqual(expect.objectContaining({ path: world.store.registryPath }));
  });

  // The CLI runs with a timeout: a hang is a failed run (status null), not a blocked test.
  it("a session's transcript: skipped with a reason saying what it is, the rest migrates", () => {
    const transcript = world.writeTranscript(path.join(world.store.root, 'projects', 'my-app_3f9c2a1b7d', 'worktrees', 'ma-1'), UUID_1);
    fs.rmSync(transcript);
    mkfifo(transcript);
    const { status, report } = json([]);
    expect(status).toBe(0);
    expect(report.counts.sessions.created).toBe(4);
    expect(report.transcripts).toContainEqual(
      expect.objectContaining({ uuid: UUID_1, status: 'skipped', reason: `${transcript} is not a regular file; it is not copied` }),
    );
    expect(report.transcripts).toContainEqual(expect.objectContaining({ uuid: UUID_ORCH, status: 'created' }));
  });

  it("a FIFO in a transcript's companion dir: a note naming it, the transcript copied without it", () => {
    const transcript = world.writeTranscript(path.join(world.store.root, 'projects', 'my-app_3f9c2a1b7d', 'worktrees', 'ma-1'), UUID_1);
    const fifo = path.join(path.dirname(transcript), UUID_1, 'subagents', 'pipe.jsonl');
    mkfifo(fifo);
    fs.writeFileSync(path.join(path.dirname(fifo), 'agent-1.jsonl'), '{}\n');
    const { status, report } = json([]);
    expect(status).toBe(0);
    const outcome = report.transcripts.find((t: { uuid: string }) => t.uuid === UUID_1);
    expect(outcome).toMatchObject({ status: 'created' });
    expect(JSON.stringify(report.notes)).toContain(`${fifo} is not a regular file or directory; not copied`);
    const copied = path.join(path.dirname(outcome.destination), UUID_1, 'subagents');
    expect(fs.readdirSync(copied)).toEqual(['agent-1.jsonl']);
  });

  it('the ledger: the real run finishes, moves it aside with a note, and starts a new one', () => {
    const ledger = path.join(world.dataDir, 'legacy-migration.json');
    mkfifo(ledger);
    const { status, report } = json([]);
    expect(status).toBe(0);
    expect(report.notes.map((n: { message: string }) => n.message).join('\n')).toContain('could not be read');
    expect(fs.statSync(ledger).isFile()).toBe(true);
    expect(JSON.parse(fs.readFileSync(ledger, 'utf8')).runs).toHaveLength(1);
  });
});

/** Root writes anything, so as root the CLI runs as another user (nobody), for whom modes count; as anyone else, as themselves. */
const asOther = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
const runAsOther = (args: string[]) => {
  const result = spawnSync(process.execPath, [CLI, ...args, '--json'], { cwd: world.home, env: world.env, encoding: 'utf8', timeout: 60_000, ...asOther });
  expect(result.stdout, result.stderr).not.toBe('');
  return { status: result.status, report: JSON.parse(result.stdout) };
};

describe('a data dir this user may not write', () => {
  it('lets --dry-run and status read it, leaving nothing behind, and refuses a real run with DB_READ_ONLY', () => {
    makeReadableForAll(world.home);
    fs.chmodSync(world.dataDir, 0o555);
    const listing = fs.readdirSync(world.dataDir).sort();
    const db = fs.readFileSync(world.dbPath);

    const dryRun = runAsOther(['--dry-run']);
    expect(dryRun.status).toBe(0);
    expect(dryRun.report.counts.sessions.created).toBe(4);
    expect(dryRun.report.target.inUseUnchecked).toMatch(/not writable here/);
    const status = runAsOther(['status']);
    expect(status.report.refusal).toBeUndefined();
    expect(status.report.sessions.map((s: { id: string }) => s.id).sort()).toEqual(['ma-1', 'ma-2', 'ma-orchestrator', 'too-1']);

    const real = runAsOther([]);
    expect(real.status).toBe(2);
    expect(real.report.refusal.code).toBe('DB_READ_ONLY');
    expect(fs.readdirSync(world.dataDir).sort()).toEqual(listing);
    expect(fs.readFileSync(world.dbPath).equals(db)).toBe(true);
    fs.chmodSync(world.dataDir, 0o755);
  });
});

describe('an ao.db this user may not write, in a data dir they may', () => {
  // As root (who writes any file), the home is handed to the other user, for whom ao.db's mode 0444 counts.
  it('refuses a real run with DB_READ_ONLY, writing nothing, and lets status read it', () => {
    if (asOther.uid !== undefined) expect(spawnSync('chown', ['-R', `${asOther.uid}:${asOther.gid}`, world.home]).status).toBe(0);
    fs.chmodSync(world.dbPath, 0o444);
    const before = { dataDir: hashTree(world.dataDir), claudeDir: hashTree(world.claudeDir), store: hashTree(world.store.root) };

    const real = runAsOther([]);
    expect(real.status).toBe(2);
    expect(real.report.refusal.code).toBe('DB_READ_ONLY');
    expect(real.report.refusal.message).toContain('ao.db');
    expect({ dataDir: hashTree(world.dataDir), claudeDir: hashTree(world.claudeDir), store: hashTree(world.store.root) }).toEqual(before);

    const status = runAsOther(['status']);
    expect(status.report.refusal).toBeUndefined();
    expect(status.report.sessions.map((s: { id: string; migrated: boolean }) => [s.id, s.migrated]).sort()).toEqual([
      ['ma-1', false],
      ['ma-2', false],
      ['ma-orchestrator', false],
      ['too-1', false],
    ]);
    expect({ dataDir: hashTree(world.dataDir), claudeDir: hashTree(world.claudeDir), store: hashTree(world.store.root) }).toEqual(before);
    expect(readMigratedTables(world.dbPath).sessions).toEqual([]);
  });
});

describe('a session file that is a symlink to another session file', () => {
  it.each([
    ['in the same sessions dir', 'projects/my-app_3f9c2a1b7d/sessions/ma-9.json'],
    ["in another project's sessions dir", 'projects/tools/sessions/too-9.json'],
  ])('%s is read once, as the file it leads to; the link gets a note', (_where, link) => {
    const linkPath = path.join(world.store.root, link);
    fs.symlinkSync(path.join(world.store.root, 'projects', 'my-app_3f9c2a1b7d', 'sessions', 'ma-1.json'), linkPath);
    const { status, report } = json(['--dry-run']);
    expect(status).toBe(0);
    expect(report.sessions.map((s: { id: string }) => s.id).sort()).toEqual(['ma-1', 'ma-2', 'ma-3', 'ma-orchestrator', 'too-1']);
    expect(report.notes).toContainEqual(expect.objectContaining({ id: linkPath, message: expect.stringContaining('read as itself') }));
  });
});
