import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashTree } from '../../src/testing/hash-tree.js';
import { readMigratedTables } from '../../src/testing/rewrite-database.js';
import { CLI, makeReadableForAll, makeWorld, startFakeDaemon, writeStandardStore, type World } from './world.js';

let world: World;
beforeEach(() => {
  world = makeWorld();
  writeStandardStore(world);
});
afterEach(() => world.cleanup());

/** Runs the built CLI in the fake home, as a user in their home directory would. */
function runIn(cwd: string, args: string[], options: { uid?: number; gid?: number } = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, env: world.env, encoding: 'utf8', timeout: 60_000, ...options });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function fileDigests(dir: string): Record<string, string> {
  return Object.fromEntries(
    fs.readdirSync(dir).sort().map((name) => [name, createHash('sha256').update(fs.readFileSync(path.join(dir, name))).digest('hex')]),
  );
}

describe('bad usage (exit 64, nothing written)', () => {
  it.each([
    [['--dataDir', '/x'], 'unknown option --dataDir; did you mean --data-dir?'],
    [['stauts'], 'unknown command "stauts" (commands: migrate, status, undo, release-worktrees, demo); did you mean status?'],
    [['--dry-run=false'], '--dry-run is a switch and takes no value (got --dry-run=false)'],
    [['--mode', 'a', '--mode', 'b'], '--mode is given twice ("a", then "b"): give it once'],
    [['status', '--data-dir', 'a', '--data-dir', 'b'], '--data-dir is given twice ("a", then "b")'],
    [['undo', '--config', 'x.yaml'], 'undo does not use the legacy registry, so it takes no --config'],
    [['release-worktrees', '--run-file', 'r'], "release-worktrees does not use the rewrite daemon's run file"],
  ])('%j: says what is wrong on stderr, with the help to read', (args, message) => {
    const before = hashTree(world.home);
    const result = world.run(args);
    expect(result.status).toBe(64);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(message);
    expect(result.stderr).toMatch(/\nRun `ao-migrate( [a-z-]+)? --help` for usage\.\n$/);
    expect(hashTree(world.home)).toBe(before);
  });

  it('under --json, puts the usage error on stdout as an object', () => {
    for (const args of [['--json', 'stauts'], ['status', '--json', '--bogus'], ['--mode', 'sideways', '--json'], ['undo', '--json', '--config', 'c']]) {
      const result = world.run(args);
      expect(result.status).toBe(64);
      expect(result.stderr).toBe('');
      const parsed = JSON.parse(result.stdout);
      expect(parsed.reportVersion).toBe(1);
      expect(typeof parsed.usageError.message).toBe('string');
    }
    expect(JSON.parse(world.run(['--json', 'stauts']).stdout)).toEqual({
      reportVersion: 1,
      usageError: { message: 'unknown command "stauts" (commands: migrate, status, undo, release-worktrees, demo)', suggestion: 'status' },
    });
  });

  it('takes path values as strings: --data-dir 2024 and 0x10 are directories, refused as missing databases, not crashes', () => {
    for (const dir of ['2024', '0x10']) {
      const result = runIn(world.home, ['--data-dir', dir, '--json']);
      expect(result.status).toBe(2);
      const report = JSON.parse(result.stdout);
      expect(report.refusal.code).toBe('DB_MISSING');
      expect(report.refusal.message).toContain(path.join(dir, 'ao.db'));
      expect(fs.existsSync(path.join(world.home, dir))).toBe(false);
    }
  });
});

describe('help and version', () => {
  it('prints the overview, per-command help and the version, exit 0', () => {
    const overview = world.run(['--help']);
    expect(overview.status).toBe(0);
    expect(overview.stdout).toContain('  ao-migrate [migrate] [options]');
    expect(overview.stdout).toMatch(/^ {2}status +After migrating/m);
    const undo = world.run(['undo', '--help']);
    expect(undo.status).toBe(0);
    expect(undo.stdout.split('\n')[0]).toBe('Usage: ao-migrate undo [options]');
    expect(world.run(['--version']).stdout).toMatch(/^ao-migrate \d+\.\d+\.\d+\n$/);
    const migrate = world.run(['migrate', '--help']).stdout.replace(/\s+/g, ' ');
    expect(migrate).toContain("--mode <restorable|live> restorable (the default, and the useful mode): resume each session with `ao session restore <id>`; live: rows look running, and today's daemon terminates them at its next start");
  });

  it('loads nothing from node_modules for --help or a usage error (no zod, yaml or SQLite)', () => {
    const hooks = fs.mkdtempSync(path.join(os.tmpdir(), 'ao-migrate-hooks-'));
    try {
      const log = path.join(hooks, 'resolved.log');
      fs.writeFileSync(path.join(hooks, 'register.mjs'), "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n");
      fs.writeFileSync(
        path.join(hooks, 'hooks.mjs'),
        "import { appendFileSync } from 'node:fs';\n" +
          'export async function resolve(specifier, context, next) {\n' +
          '  const resolved = await next(specifier, context);\n' +
          `  appendFileSync(${JSON.stringify(log)}, resolved.url + '\\n');\n` +
          '  return resolved;\n}\n',
      );
      for (const args of [['--help'], ['undo', '--help'], ['--bogus']]) {
        fs.writeFileSync(log, '');
        spawnSync(process.execPath, ['--import', path.join(hooks, 'register.mjs'), CLI, ...args], { env: world.env });
        const resolved = fs.readFileSync(log, 'utf8').trim().split('\n');
        expect(resolved).toContain(`file://${CLI}`);
        expect(resolved.filter((url) => url.includes('node_modules') || /run-|demo-workspace/.test(url))).toEqual([]);
      }
    } finally {
      fs.rmSync(hooks, { recursive: true, force: true });
    }
  });
});

describe('the demo', () => {
  it("migrates every session resumably, with codex's and opencode's stores in its own home", () => {
    const home = hashTree(world.home);
    const demo = world.run(['demo', '--json']);
    expect(demo.status).toBe(0);
    const report = JSON.parse(demo.stdout);
    const dir = path.dirname(path.dirname(path.dirname(path.dirname(report.target.dbPath))));
    try {
      expect(report.target).toMatchObject({ schemaVersion: 23, release: 'npm 0.10.x' });
      expect(report.agentDirectories.map((a: { sessionId: string; status: string }) => [a.sessionId, a.status])).toEqual([
        ['ba-1', 'created'],
        ['ba-3', 'created'],
        ['ba-2', 'created'],
      ]);
      expect(report.sessions.filter((s: { status: string; resumable: boolean }) => s.status === 'created' && !s.resumable)).toEqual([]);
      // The stores written to are the demo's: nothing changed in the home it ran in, codex's and opencode's included.
      expect(dir.startsWith(os.tmpdir())).toBe(true);
      expect(hashTree(world.home)).toBe(home);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints "run it again" lines that each command accepts', () => {
    const demo = world.run(['demo']);
    expect(demo.status).toBe(0);
    const dir = /rm -rf (\S+)`/.exec(demo.stdout)?.[1];
    try {
      const lines = demo.stdout.split('\n').filter((line) => line.startsWith('  HOME='));
      expect(lines.map((line) => line.trim().split(' ')[3])).toEqual(['status', 'release-worktrees', 'undo', '--config']);
      for (const line of lines) {
        // `HOME=<demo home> TMUX_TMPDIR=<dir> ao-migrate …`, as a shell would run it.
        const [home, tmux, , ...args] = line.trim().split(' ');
        const env = Object.fromEntries([home, tmux].map((assignment) => assignment!.split('=') as [string, string]));
        const result = world.run([...args, '--json'], env);
        expect([0, 1]).toContain(result.status);
        const report = JSON.parse(result.stdout);
        expect(report.reportVersion).toBe(1);
        if (args[0] === 'status') expect(report.sessions.every((s: { resumable: boolean }) => s.resumable)).toBe(true);
      }
    } finally {
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('names from the disk', () => {
  it('are escaped in human output (no control character reaches the terminal) and exact in JSON', () => {
    const evil = 'evil\u001b[2J\nFORGED: everything migrated\u0007';
    world.store.writeFile(`projects/tools/sessions/${evil}.json`, '{}');
    const human = world.run(['--dry-run', '--verbose']);
    expect(human.status).toBe(0);
    expect(human.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(human.stdout).not.toMatch(/^FORGED/m);
    expect(human.stdout).toContain('evil\\x1b[2J\\nFORGED: everything migrated\\x07.json');
    const notes = JSON.parse(world.run(['--dry-run', '--json']).stdout).notes as { id: string; message: string }[];
    expect(notes.some((note) => `${note.id} ${note.message}`.includes(evil))).toBe(true);
  });
});

describe('a dry run predicts what the real run does', () => {
  it('refuses with DB_IN_USE while another process has the database open, leaving ao.db, -wal and -shm as they were', async () => {
    const daemon = await startFakeDaemon(world.dbPath);
    try {
      const before = fileDigests(world.dataDir);
      const legacyBefore = hashTree(world.store.root);
      const dry = world.run(['--dry-run', '--json']);
      expect(dry.status).toBe(2);
      expect(JSON.parse(dry.stdout).refusal.code).toBe('DB_IN_USE');
      const human = world.run(['--dry-run']);
      expect(human.status).toBe(2);
      expect(human.stderr).toContain('refused (DB_IN_USE)');
      expect(fileDigests(world.dataDir)).toEqual(before);
      expect(hashTree(world.store.root)).toBe(legacyBefore);
      // And the real run agrees.
      expect(JSON.parse(world.run(['--json']).stdout).refusal.code).toBe('DB_IN_USE');
    } finally {
      await daemon.stop();
    }
    expect(readMigratedTables(world.dbPath).sessions).toEqual([]);
  });

  it('says in its last lines when it cannot tell (ao.db not writable here)', async () => {
    // As root, the other user is what makes ao.db unwritable; as anyone else, its mode.
    const asOther = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const daemon = await startFakeDaemon(world.dbPath);
    try {
      fs.chmodSync(world.dbPath, 0o444);
      makeReadableForAll(world.home);
      const before = fileDigests(world.dataDir);
      const human = runIn(world.home, ['--dry-run'], asOther);
      expect(human.status).toBe(0);
      const lines = human.stdout.trimEnd().split('\n');
      expect(lines.at(-2)).toMatch(/^Not checked whether another process has the database open: .*ao\.db is not writable here \(E[A-Z]+\), so it cannot be locked\.$/);
      expect(lines.at(-1)).toMatch(/^Total \(dry run\): 2 projects; /);
      const json = JSON.parse(runIn(world.home, ['--dry-run', '--json'], asOther).stdout);
      expect(json.target.inUseUnchecked).toMatch(/is not writable here/);
      // What the real run by this user would do is said too.
      expect(json.notes).toContainEqual(
        expect.objectContaining({ id: world.dbPath, message: expect.stringContaining('A real run as this user would be refused (DB_READ_ONLY)') }),
      );
      expect(fileDigests(world.dataDir)).toEqual(before);
    } finally {
      await daemon.stop();
    }
  });
});

