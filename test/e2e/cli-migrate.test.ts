import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { claudeProjectSlug } from '../../src/core/claude/project-slug.js';
import { hashTree } from '../../src/testing/hash-tree.js';
import { insertExistingSession, readMigratedTables, REWRITE_SHAPES, type RewriteShape } from '../../src/testing/rewrite-database.js';
import { copyThreadId } from '../../src/core/agent-directory/codex/copy-thread-id.js';
import { announceSkip, createRealDaemonHome, REAL_DAEMON_SKIP, type RealDaemonHome } from '../real-daemon/real-daemon.js';
import { CLI, CODEX_THREAD, makeWorld, OPENCODE_SESSION, startFakeDaemon, UUID_1, UUID_ORCH, writeStandardStore, type World } from './world.js';

const APP = 'my-app_3f9c2a1b7d';

let world: World;
/** A fresh world with the standard store, around each test of the calling describe. */
function withStandardWorld(shape?: RewriteShape, template?: () => string) {
  beforeEach(() => {
    world = makeWorld({ ...(shape === undefined ? {} : { shape }), ...(template === undefined ? {} : { template: template() }) });
    writeStandardStore(world);
  });
  afterEach(() => world.cleanup());
}

/** What the database's own release says it is (rewrite-today §1). */
const TARGET: Record<RewriteShape, { schemaVersion: number; release: string }> = {
  v12: { schemaVersion: 12, release: 'June 2026 build' },
  v23: { schemaVersion: 23, release: 'npm 0.10.x' },
  v82: { schemaVersion: 82, release: 'desktop' },
};

/** The defaults later releases' columns take in a row that names only v12's (rewrite-today §2). */
const LATER_COLUMNS: Record<RewriteShape, Record<string, unknown>> = {
  v12: {},
  v23: { preview_url: '', preview_revision: 0 },
  v82: {
    preview_url: '', preview_revision: 0, cleanup_generation: 0, runtime_launch_id: '', workspace_repo_path: '',
    terminate_on_pr_merge: 0, diff_base_sha: '', diff_base_ref: '', reviewer_harness: '', is_pinned: 0, pinned_at: null,
    session_mode: 'tui', provider_conversation_id: '', controller_generation: '', browser_capability_verifier: '',
    launched_harnesses: '[]',
  },
};

function json(stdout: string) {
  return JSON.parse(stdout);
}

function bucket(worktree: string): string {
  return path.join(world.claudeDir, 'projects', claudeProjectSlug(worktree));
}

/** The standard store migrated into a database of `shape`; `template`: that database as a file to copy instead of the fixture. */
function standardStoreSuite(shape: RewriteShape, template?: () => string): void {
  withStandardWorld(shape, template);

  it('dry run: reports the plan and writes nothing anywhere', () => {
    const before = hashTree(world.home, { ignoreDirectoryMtimes: true });
    const legacyBefore = hashTree(world.store.root);
    const agentStores = [hashTree(path.join(world.home, '.codex')), hashTree(path.join(world.home, '.local'))];
    const result = world.run(['--dry-run', '--json']);
    expect(result.status).toBe(0);
    expect(hashTree(world.home, { ignoreDirectoryMtimes: true })).toBe(before);
    expect(hashTree(world.store.root)).toBe(legacyBefore);

    const report = json(result.stdout);
    expect(report.dryRun).toBe(true);
    expect(report.target).toEqual({ dbPath: world.dbPath, ...TARGET[shape], backupPath: null });
    expect(report.counts.sessions).toEqual({ created: 4, 'already-present': 0, skipped: 1, conflict: 0, failed: 0 });
    expect(report.counts.transcripts.created).toBe(2);
    // The agents' stores: what the real run will do, and not a byte (nor a directory's mtime) changed.
    expect(report.agentDirectories.map((a: { sessionId: string; status: string }) => [a.sessionId, a.status])).toEqual([
      ['ma-2', 'created'],
      ['too-1', 'created'],
    ]);
    expect([hashTree(path.join(world.home, '.codex')), hashTree(path.join(world.home, '.local'))]).toEqual(agentStores);
    expect(readMigratedTables(world.dbPath).sessions).toEqual([]);
  });

  it('real run: exact rows, change_log, transcripts, backup and JSON report', () => {
    const result = world.run(['--json']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const report = json(result.stdout);

    // The JSON contract, field by field.
    expect(report.reportVersion).toBe(1);
    expect(report.dryRun).toBe(false);
    expect(report.mode).toBe('restorable');
    expect(report.target.dbPath).toBe(world.dbPath);
    expect(report.target).toMatchObject(TARGET[shape]);
    expect(report.target.backupPath).toMatch(new RegExp(`^${world.dataDir}/ao\\.db\\.pre-migrate-`));
    expect(fs.existsSync(report.target.backupPath)).toBe(true);
    expect(report.projects).toEqual([
      { id: APP, config: world.store.registryPath, status: 'created' },
      { id: 'tools', config: world.store.registryPath, status: 'created' },
    ]);
    const byId = Object.fromEntries(report.sessions.map((s: { id: string }) => [s.id, s]));
    expect(byId['ma-1']).toEqual({
      id: 'ma-1', projectId: APP, kind: 'worker', harness: 'claude-code', status: 'created',
      resumable: true, resumeBlockers: [], resumeCommand: 'ao session restore ma-1',
      legacyWorktree: path.join(world.store.root, 'projects', APP, 'worktrees', 'ma-1'),
    });
    expect(byId['ma-2']).toMatchObject({ harness: 'codex', status: 'created', resumable: true });
    expect(byId['ma-orchestrator']).toMatchObject({ kind: 'orchestrator', status: 'created', resumable: true });
    expect(byId['too-1']).toMatchObject({ projectId: 'tools', harness: 'opencode', status: 'created', resumable: true });
    expect(byId['ma-3']).toMatchObject({ status: 'skipped', resumable: false });
    expect(byId['ma-3'].reason).toMatch(/done/);
    expect(byId['ma-3'].resumeCommand).toBeUndefined();
    expect(report.counts.sessions).toEqual({ created: 4, 'already-present': 0, skipped: 1, conflict: 0, failed: 0 });
    expect(report.counts.projects).toEqual({ created: 2, 'already-present': 0, skipped: 0, conflict: 0, failed: 0 });
    // Codex resumes a copy of the thread made for the managed worktree; opencode its session, moved there.
    const codexCopy = copyThreadId(CODEX_THREAD, path.join(world.dataDir, 'worktrees', APP, 'ma-2'));
    expect(report.agentDirectories).toEqual([
      { sessionId: 'ma-2', harness: 'codex', agentSessionId: CODEX_THREAD, resumeId: codexCopy, status: 'created' },
      { sessionId: 'too-1', harness: 'opencode', agentSessionId: OPENCODE_SESSION, resumeId: OPENCODE_SESSION, status: 'created' },
    ]);
    expect(report.counts.agentDirectories).toEqual({ created: 2, 'already-present': 0, skipped: 0, conflict: 0, failed: 0 });

    const dest1 = path.join(bucket(path.join(world.dataDir, 'worktrees', APP, 'ma-1')), `${UUID_1}.jsonl`);
    const destOrch = path.join(bucket(path.join(world.dataDir, 'worktrees', APP, 'orchestrator', 'ma-orchestrator')), `${UUID_ORCH}.jsonl`);
    expect(report.transcripts.map((t: { destination: string; status: string }) => [t.destination, t.status])).toEqual([
      [dest1, 'created'],
      [destOrch, 'created'],
    ]);
    expect(fs.readFileSync(dest1, 'utf8')).toBe('{"type":"user","message":"hello"}\n');
    expect(report.notes).toContainEqual(expect.objectContaining({ scope: 'store', id: expect.stringContaining('too-2.json') }));

    // The rows, as the daemon will read them.
    const { projects, sessions, changeLog } = readMigratedTables(world.dbPath);
    expect(projects.map((p) => ({ ...p, config: JSON.parse(String(p.config)) }))).toEqual([
      {
        id: APP, path: path.join(world.home, 'code', 'my-app'), repo_origin_url: 'git@github.com:alice/my-app.git',
        display_name: 'My App', registered_at: '2026-05-28 20:26:40 +0000 UTC', archived_at: null, kind: 'single_repo',
        config: {
          sessionPrefix: 'ma',
          agentConfig: { model: 'opus', permissions: 'bypass-permissions' },
          worker: { agent: 'claude-code' },
          orchestrator: { agent: 'claude-code' },
        },
      },
      {
        id: 'tools', path: path.join(world.home, 'code', 'tools'), repo_origin_url: 'https://github.com/alice/tools.git',
        display_name: '', registered_at: '2026-05-30 00:13:20 +0000 UTC', archived_at: null, kind: 'single_repo',
        // The registry's default agent is codex, with no permission set: the strict one, not the rewrite's bypass.
        config: {
          sessionPrefix: 'too',
          worker: { agent: 'codex', agentConfig: { permissions: 'accept-edits' } },
          orchestrator: { agent: 'codex', agentConfig: { permissions: 'accept-edits' } },
        },
      },
    ]);
    const ma1 = sessions.find((s) => s.id === 'ma-1');
    expect(ma1).toEqual({
      id: 'ma-1', project_id: APP, num: 1, issue_id: '42', kind: 'worker', harness: 'claude-code',
      activity_state: 'exited', activity_last_at: '2026-06-11 10:00:00.5 +0000 UTC', is_terminated: 1,
      branch: 'feat/login', workspace_path: path.join(world.dataDir, 'worktrees', APP, 'ma-1'),
      runtime_handle_id: '', agent_session_id: UUID_1, prompt: 'Fix the flaky login test',
      created_at: '2026-06-10 09:15:02.123 +0000 UTC', updated_at: '2026-06-11 10:00:00.5 +0000 UTC',
      display_name: '', first_signal_at: '2026-06-11 10:00:00.5 +0000 UTC', ...LATER_COLUMNS[shape],
    });
    expect(sessions.map((s) => [s.id, s.project_id, s.num, s.kind, s.harness, s.agent_session_id])).toEqual([
      ['ma-1', APP, 1, 'worker', 'claude-code', UUID_1],
      ['ma-2', APP, 2, 'worker', 'codex', codexCopy],
      ['ma-orchestrator', APP, 0, 'orchestrator', 'claude-code', UUID_ORCH],
      ['too-1', 'tools', 1, 'worker', 'opencode', OPENCODE_SESSION],
    ]);
    // Where today's daemon restores from (desktop 0.11+ refuses any other path), with an agent it can start.
    for (const row of sessions) {
      expect(String(row.workspace_path).startsWith(path.join(world.dataDir, 'worktrees') + path.sep), row.id as string).toBe(true);
      expect(row.harness, row.id as string).not.toBe('');
    }
    expect(sessions.find((s) => s.id === 'too-1')).toMatchObject({
      created_at: '2026-03-02 10:00:00 +0000 UTC', updated_at: '2026-03-02 11:00:00 +0000 UTC',
    });
    expect(changeLog.map((c) => [c.project_id, c.session_id, c.event_type, JSON.parse(String(c.payload))])).toEqual(
      expect.arrayContaining([
        [APP, 'ma-1', 'session_created', { id: 'ma-1', activity: 'exited', isTerminated: true }],
        ['tools', 'too-1', 'session_created', { id: 'too-1', activity: 'exited', isTerminated: true }],
      ]),
    );
    expect(changeLog).toHaveLength(4);
  });

  it('re-run: everything already present, the database unchanged', () => {
    expect(world.run(['--no-backup']).status).toBe(0);
    const rows = readMigratedTables(world.dbPath);
    const claude = hashTree(world.claudeDir);
    const agentStores = [hashTree(path.join(world.home, '.codex')), hashTree(path.join(world.home, '.local'))];

    const again = world.run(['--json', '--no-backup']);
    expect(again.status).toBe(0);
    const report = json(again.stdout);
    expect(report.target.backupPath).toBeNull();
    expect(report.counts.sessions).toEqual({ created: 0, 'already-present': 4, skipped: 1, conflict: 0, failed: 0 });
    expect(report.counts.projects['already-present']).toBe(2);
    expect(report.counts.transcripts['already-present']).toBe(2);
    expect(report.counts.agentDirectories['already-present']).toBe(2);
    expect(readMigratedTables(world.dbPath)).toEqual(rows);
    expect(hashTree(world.claudeDir)).toBe(claude);
    expect([hashTree(path.join(world.home, '.codex')), hashTree(path.join(world.home, '.local'))]).toEqual(agentStores);
    expect(world.run([]).stdout).toMatch(/^ {2}backup +none \(nothing to write\)$/m);
  });
}

describe.each(REWRITE_SHAPES)('ao-migrate (built CLI) on a standard store, %s database', (shape) => standardStoreSuite(shape));

announceSkip('the standard store on a database the real daemon made', REAL_DAEMON_SKIP);
describe.skipIf(REAL_DAEMON_SKIP !== undefined)('ao-migrate (built CLI) on a standard store, the database the real daemon (npm 0.10.3) made', () => {
  let daemon: RealDaemonHome | undefined;
  beforeAll(async () => {
    daemon = await createRealDaemonHome();
    await daemon.start();
    await daemon.stop();
  });
  afterAll(async () => daemon?.cleanup());
  standardStoreSuite('v23', () => daemon?.dbPath ?? '');
});

describe('ao-migrate (built CLI) on a standard store', () => {
  withStandardWorld();

  it('human summary: header, project table and the restore commands', () => {
    const result = world.run([]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('migration finished');
    expect(result.stdout).toContain(`database  ${world.dbPath} (schema v23, npm 0.10.x)`);
    expect(result.stdout).toMatch(new RegExp(`${APP}\\s+created\\s+3\\s+0\\s+1\\s+0\\s+0\\s+2/2`));
    for (const id of ['ma-1', 'ma-2', 'ma-orchestrator', 'too-1']) {
      expect(result.stdout).toContain(`  ao session restore ${id}\n`);
    }
    expect(result.stdout).not.toContain('ao session restore ma-3');
    expect(result.stdout).not.toMatch(/\u001b\[/); // NO_COLOR and not a TTY
  });

  it('--mode live: running rows with the legacy activity', () => {
    const result = world.run(['--json', '--mode', 'live']);
    expect(result.status).toBe(0);
    const { sessions } = readMigratedTables(world.dbPath);
    expect(sessions.map((s) => [s.id, s.is_terminated, s.activity_state])).toEqual([
      ['ma-1', 0, 'active'],
      ['ma-2', 0, 'waiting_input'],
      ['ma-orchestrator', 0, 'idle'],
      ['too-1', 0, 'active'],
    ]);
    const report = json(result.stdout);
    expect(report.mode).toBe('live');
    expect(report.sessions.every((s: { resumable: boolean }) => !s.resumable)).toBe(true);
  });

  it("--mode live: the summary warns that today's daemon terminates such rows at its next start", () => {
    const result = world.run(['--dry-run', '--mode', 'live']);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^ {2}mode {6}live\n {2}warning {3}--mode live inserts the sessions as running, but today's daemon terminates such rows at its next start/m);
    expect(world.run(['--dry-run']).stdout).not.toContain('warning');
  });

  it('a session the rewrite already holds live is reported not resumable, in the dry run and the real run, and its row is left alone', () => {
    expect(world.run(['--no-backup']).status).toBe(0);
    const db = new Database(world.dbPath);
    db.prepare("UPDATE sessions SET is_terminated = 0, activity_state = 'active' WHERE id = 'ma-1'").run();
    db.close();
    const rows = readMigratedTables(world.dbPath);
    for (const args of [['--dry-run', '--json'], ['--json', '--no-backup']]) {
      const result = world.run(args);
      expect(result.status).toBe(0);
      const report = json(result.stdout);
      expect(report.sessions.find((s: { id: string }) => s.id === 'ma-1')).toEqual(
        expect.objectContaining({ status: 'already-present', resumable: false, resumeBlockers: [expect.stringMatching(/^The rewrite holds it live .*accepts only exited sessions/)] }),
      );
      expect(report.sessions.find((s: { id: string }) => s.id === 'ma-1').resumeCommand).toBeUndefined();
      expect(report.sessions.find((s: { id: string }) => s.id === 'ma-2')).toMatchObject({ status: 'already-present', resumable: true });
      expect(readMigratedTables(world.dbPath)).toEqual(rows);
    }
    const human = world.run(['--dry-run']);
    expect(human.stdout).not.toContain('ao session restore ma-1\n');
    expect(human.stdout).toContain('ao session restore ma-2\n');
  });

  it("a session whose id the rewrite gives another project's session gets a free id; that row is left alone", () => {
    insertExistingSession(world.dbPath, { id: 'ma-1', project_id: seedProject(), num: 7, branch: 'someone-else' });
    const before = readMigratedTables(world.dbPath).sessions.find((s) => s.id === 'ma-1');
    const result = world.run(['--json', '--no-backup']);
    expect(result.status).toBe(0);
    const report = json(result.stdout);
    const renamed = report.sessions.find((s: { legacyId?: string }) => s.legacyId === 'ma-1');
    expect(renamed).toMatchObject({ projectId: APP, status: 'created' });
    expect(renamed.id).toMatch(/^ma-\d+$/);
    expect(readMigratedTables(world.dbPath).sessions.find((s) => s.id === 'ma-1')).toEqual(before);
    expect(readMigratedTables(world.dbPath).sessions.find((s) => s.id === renamed.id)).toMatchObject({ project_id: APP, branch: 'feat/login' });
    // A re-run finds it by project and identity: nothing new.
    const again = json(world.run(['--json', '--no-backup']).stdout);
    expect(again.sessions.find((s: { legacyId?: string }) => s.legacyId === 'ma-1')).toMatchObject({ id: renamed.id, status: 'already-present' });
    expect(again.counts.sessions.created).toBe(0);
  });

  it('bad usage exits 64 and writes nothing', () => {
    const before = hashTree(world.home);
    expect(world.run(['--mode', 'sideways']).status).toBe(64);
    expect(world.run(['--frobnicate']).status).toBe(64);
    expect(hashTree(world.home)).toBe(before);
  });
});

describe('the legacy registries: every place legacy used, and exit 1 when one cannot be used', () => {
  beforeEach(() => {
    world = makeWorld();
  });
  afterEach(() => world.cleanup());

  it('a registry that cannot be parsed is a problem: exit 1, named in the summary, nothing written', () => {
    world.store.writeFile('config.yaml', 'projects: [unclosed');
    const before = hashTree(world.home, { ignoreDirectoryMtimes: true });
    const dry = world.run(['--dry-run', '--json']);
    expect(dry.status).toBe(1);
    expect(json(dry.stdout).problems).toEqual([
      { kind: 'registry-unreadable', path: world.store.registryPath, message: expect.stringContaining('not valid YAML') },
    ]);
    const real = world.run([]);
    expect(real.status).toBe(1);
    expect(real.stdout).toMatch(/Problems[^\n]*\n {2}the legacy registry \S+config\.yaml \(found by the legacy root\) cannot be used: .*Fix the file and run again\./);
    expect(hashTree(world.home, { ignoreDirectoryMtimes: true })).toBe(before);
    expect(readMigratedTables(world.dbPath).projects).toEqual([]);
  });

  it('a --legacy-root that does not exist is a problem: exit 1, and it is not created', () => {
    const nowhere = path.join(world.home, 'no-such-root');
    const dry = world.run(['--dry-run', '--json', '--legacy-root', nowhere]);
    expect(dry.status).toBe(1);
    expect(json(dry.stdout).problems).toEqual([
      { kind: 'legacy-root-missing', path: nowhere, message: expect.stringContaining(`${nowhere} does not exist, so no legacy session was read: check --legacy-root`) },
    ]);
    const real = world.run(['--legacy-root', nowhere]);
    expect(real.status).toBe(1);
    expect(real.stdout).toContain(`${nowhere} does not exist`);
    expect(fs.existsSync(nowhere)).toBe(false);
  });

  it('finds a registry at ~/.agent-orchestrator.yml with only HOME set, and names it per project', () => {
    writeStandardStore(world);
    const dotfile = path.join(world.home, '.agent-orchestrator.yml');
    fs.renameSync(world.store.registryPath, dotfile);
    // Nothing that names a registry: only HOME leads there (TMUX_TMPDIR is the world's own tmux dir).
    expect(world.env).toEqual({ PATH: process.env.PATH, HOME: world.home, NO_COLOR: '1', TMUX_TMPDIR: path.join(world.home, '.tmux') });
    const result = world.run(['--json', '--no-backup']);
    expect(result.status).toBe(0);
    const report = json(result.stdout);
    expect(report.problems).toEqual([]);
    expect(report.projects.map((p: { id: string; config: string }) => [p.id, p.config])).toEqual([
      [APP, dotfile],
      ['tools', dotfile],
    ]);
    expect(report.counts.sessions.created).toBe(4);
    expect(world.run(['--dry-run']).stdout).toContain(`config    ${dotfile} (${APP}, tools)`);
  });
});

describe('refusals (exit 2, nothing written)', () => {
  withStandardWorld();

  function expectRefusal(code: string, args: string[] = [], env: NodeJS.ProcessEnv = {}) {
    const before = hashTree(world.home, { ignoreDirectoryMtimes: true });
    const legacyBefore = hashTree(world.store.root);
    const result = world.run(['--json', ...args], env);
    expect(result.status).toBe(2);
    const report = json(result.stdout);
    expect(report.refusal.code).toBe(code);
    expect(report.refusal.message.length).toBeGreaterThan(20);
    expect(report.sessions).toEqual([]);
    expect(hashTree(world.home, { ignoreDirectoryMtimes: true })).toBe(before);
    expect(hashTree(world.store.root)).toBe(legacyBefore);
    const human = world.run(args, env);
    expect(human.status).toBe(2);
    expect(human.stderr).toContain(`refused (${code})`);
    expect(human.stdout).toBe('');
    return report.refusal.message as string;
  }

  it('DB_MISSING tells the user how each channel creates the database', () => {
    fs.rmSync(world.dbPath);
    expect(expectRefusal('DB_MISSING')).toMatch(/run `ao daemon` once and stop it with `ao stop`; with the desktop app open it once/);
    expect(fs.existsSync(world.dbPath)).toBe(false);
  });

  it('DAEMON_RUNNING when the run file names a live daemon that answers /healthz', async () => {
    const daemon = await startFakeDaemon(world.dbPath, path.join(world.home, '.ao', 'running.json'));
    try {
      expect(expectRefusal('DAEMON_RUNNING')).toMatch(/ao stop/);
    } finally {
      await daemon.stop();
    }
  });

  it('a stale run file (a live pid that is not the daemon) is not a refusal: the lock probe decides', () => {
    fs.writeFileSync(path.join(world.home, '.ao', 'running.json'), JSON.stringify({ pid: process.pid, port: 9, startedAt: '2026-06-15T10:00:00Z' }));
    const result = world.run(['--dry-run', '--json']);
    expect(result.status).toBe(0);
    expect(json(result.stdout).notes.map((note: { message: string }) => note.message).join('\n')).toContain('stale run file');
  });

  it('DB_IN_USE while another process holds the database open', async () => {
    const daemon = await startFakeDaemon(world.dbPath);
    try {
      const result = world.run(['--json']);
      expect(result.status).toBe(2);
      expect(json(result.stdout).refusal.code).toBe('DB_IN_USE');
    } finally {
      await daemon.stop();
    }
    expect(readMigratedTables(world.dbPath).sessions).toEqual([]);
  });

  it('SCHEMA_MISMATCH names the difference found', () => {
    const db = new Database(world.dbPath);
    db.exec('DROP TRIGGER sessions_cdc_insert');
    db.close();
    expect(expectRefusal('SCHEMA_MISMATCH')).toContain('there is no trigger sessions_cdc_insert on sessions');
  });

  it('DATA_DIR_SUSPICIOUS when AO_DATA_DIR points into the legacy store', () => {
    const sessionsDir = path.join(world.store.root, 'projects', APP, 'sessions');
    expectRefusal('DATA_DIR_SUSPICIOUS', [], { AO_DATA_DIR: sessionsDir });
  });
});

function seedProject(): string {
  const db = new Database(world.dbPath);
  db.prepare(`INSERT INTO projects (id, path, registered_at) VALUES ('other', '/elsewhere', '2026-01-01 00:00:00 +0000 UTC')`).run();
  db.close();
  return 'other';
}

describe('a reader that stops early', () => {
  withStandardWorld();

  it('gets no stack trace and the run still completes', () => {
    // `true` has exited (closing the pipe) long before the report is written.
    const result = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" --json | true; echo "exit \${PIPESTATUS[0]}"`], {
      env: world.env,
      encoding: 'utf8',
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('exit 0\n');
    expect(readMigratedTables(world.dbPath).sessions).toHaveLength(4);
  });
});
