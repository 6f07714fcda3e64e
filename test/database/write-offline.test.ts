import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseDaemonTime } from '../../src/core/time/daemon-time.js';
import { inspectTarget, writeOffline } from '../../src/core/database/index.js';
import { readMigratedTables } from '../../src/testing/rewrite-database.js';
import {
  makePlan,
  makeSandbox,
  plannedProject,
  plannedSession,
  projectRow,
  sessionRow,
  snapshotDir,
  type TargetSandbox,
} from './target-test-kit.js';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

let box: TargetSandbox;
beforeEach(() => {
  box = makeSandbox();
});
afterEach(() => box.cleanup());

function twoSessionPlan() {
  const project = projectRow('app', path.join(box.home, 'src', 'app'), {
    config: '{"sessionPrefix":"app","defaultBranch":"develop"}',
  });
  const worker = sessionRow('app-1', 'app', 1);
  const orchestrator = sessionRow('app-orchestrator', 'app', 0, {
    kind: 'orchestrator',
    harness: 'codex',
    issue_id: '',
    activity_state: 'idle',
    is_terminated: 0,
    agent_session_id: 'thread-9',
    created_at: '2026-05-30 23:59:59 +0000 UTC',
    updated_at: '2026-06-02 00:00:00.001 +0000 UTC',
    activity_last_at: '2026-06-02 00:00:00.001 +0000 UTC',
    first_signal_at: '2026-06-02 00:00:00.001 +0000 UTC',
  });
  return makePlan(box.legacyRoot, [plannedProject(project, 'app')], [worker, orchestrator].map(plannedSession));
}

describe('a first run', () => {
  it('writes exactly the planned rows, and the trigger logs one session_created per session', async () => {
    const result = await writeOffline(twoSessionPlan(), box.options);

    expect(result.projects).toEqual([{ id: 'app', status: 'created' }]);
    expect(result.sessions).toEqual([
      { id: 'app-1', projectId: 'app', status: 'created', num: 1 },
      { id: 'app-orchestrator', projectId: 'app', status: 'created', num: 0 },
    ]);
    const contents = readMigratedTables(box.dbPath);
    expect(contents.projects).toEqual([
      {
        id: 'app',
        path: path.join(box.home, 'src', 'app'),
        repo_origin_url: 'git@github.com:acme/app.git',
        display_name: 'app display',
        registered_at: '2026-02-01 10:00:00 +0000 UTC',
        archived_at: null,
        config: '{"sessionPrefix":"app","defaultBranch":"develop"}',
        kind: 'single_repo',
      },
    ]);
    expect(contents.sessions).toEqual([
      {
        id: 'app-1',
        project_id: 'app',
        num: 1,
        issue_id: 'ISSUE-1',
        kind: 'worker',
        harness: 'claude-code',
        activity_state: 'exited',
        activity_last_at: '2026-06-10 12:00:05.5 +0000 UTC',
        is_terminated: 1,
        branch: 'feat/app-1',
        // The daemon's managed worktree, under the plan's data dir (rewrite-today §3).
        workspace_path: path.join(box.dataDir, 'worktrees', 'app', 'app-1'),
        runtime_handle_id: '',
        agent_session_id: 'uuid-app-1',
        prompt: 'work on app-1',
        created_at: '2026-06-01 09:00:00.123 +0000 UTC',
        updated_at: '2026-06-10 12:00:05.5 +0000 UTC',
        display_name: 'app-1 name',
        first_signal_at: '2026-06-10 12:00:05.5 +0000 UTC',
      },
      {
        id: 'app-orchestrator',
        project_id: 'app',
        num: 0,
        issue_id: '',
        kind: 'orchestrator',
        harness: 'codex',
        activity_state: 'idle',
        activity_last_at: '2026-06-02 00:00:00.001 +0000 UTC',
        is_terminated: 0,
        branch: 'feat/app-orchestrator',
        workspace_path: path.join(box.dataDir, 'worktrees', 'app', 'orchestrator', 'app-orchestrator'),
        runtime_handle_id: '',
        agent_session_id: 'thread-9',
        prompt: 'work on app-orchestrator',
        created_at: '2026-05-30 23:59:59 +0000 UTC',
        updated_at: '2026-06-02 00:00:00.001 +0000 UTC',
        display_name: 'app-orchestrator name',
        first_signal_at: '2026-06-02 00:00:00.001 +0000 UTC',
      },
    ]);
    expect(
      contents.changeLog.map(({ project_id, session_id, event_type, payload, created_at }) => ({
        project_id,
        session_id,
        event_type,
        payload: JSON.parse(String(payload)),
        created_at,
      })),
    ).toEqual([
      {
        project_id: 'app',
        session_id: 'app-1',
        event_type: 'session_created',
        payload: { id: 'app-1', activity: 'exited', isTerminated: true },
        created_at: '2026-06-10 12:00:05.5 +0000 UTC',
      },
      {
        project_id: 'app',
        session_id: 'app-orchestrator',
        event_type: 'session_created',
        payload: { id: 'app-orchestrator', activity: 'idle', isTerminated: false },
        created_at: '2026-06-02 00:00:00.001 +0000 UTC',
      },
    ]);
  });

  it('writes every timestamp in the daemon form, readable back as the planned instant', async () => {
    await writeOffline(twoSessionPlan(), box.options);
    const goForm = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d*[1-9])? \+0000 UTC$/;
    const { projects, sessions } = readMigratedTables(box.dbPath);
    const stamps = [
      ...projects.map((p) => p.registered_at),
      ...sessions.flatMap((s) => [s.created_at, s.updated_at, s.activity_last_at, s.first_signal_at]),
    ];
    expect(stamps).toHaveLength(9);
    for (const stamp of stamps) {
      expect(stamp).toMatch(goForm);
      expect(parseDaemonTime(String(stamp))).toBeInstanceOf(Date);
    }
    expect(parseDaemonTime(String(sessions[0]?.created_at))?.toISOString()).toBe('2026-06-01T09:00:00.123Z');
  });

  it('backs the database up first; the backup opens and holds the pre-run state', async () => {
    const before = readMigratedTables(box.dbPath);
    const result = await writeOffline(twoSessionPlan(), box.options);
    expect(result.backupPath).toBe(path.join(box.dataDir, 'ao.db.pre-migrate-2026-06-20T08-15-30.250Z'));
    const backupPath = result.backupPath ?? '';
    expect(readMigratedTables(backupPath)).toEqual(before);
    const backup = new Database(backupPath, { readonly: true, fileMustExist: true });
    try {
      expect(backup.prepare('SELECT COUNT(*) AS n FROM goose_db_version WHERE is_applied = 1').get()).toEqual({ n: 13 });
    } finally {
      backup.close();
    }
    expect(readMigratedTables(box.dbPath).sessions).toHaveLength(2);
  });

  it('takes no backup with backup: false', async () => {
    const result = await writeOffline(twoSessionPlan(), { ...box.options, backup: false });
    expect(result.backupPath).toBeNull();
    expect(fs.readdirSync(box.dataDir)).toEqual(['ao.db']);
  });
});

describe('a second run', () => {
  it('finds everything already present and leaves ao.db byte-for-byte as it was', async () => {
    await writeOffline(twoSessionPlan(), { ...box.options, backup: false });
    const dbBefore = fs.readFileSync(box.dbPath);
    const result = await writeOffline(twoSessionPlan(), { ...box.options, backup: false });
    expect(result.projects).toEqual([{ id: 'app', status: 'already-present' }]);
    expect(result.sessions).toEqual([
      { id: 'app-1', projectId: 'app', status: 'already-present', num: 1 },
      // Planned live (is_terminated 0), so the rewrite now holds it live.
      { id: 'app-orchestrator', projectId: 'app', status: 'already-present', num: 0, heldLive: true },
    ]);
    expect(fs.readFileSync(box.dbPath).equals(dbBefore)).toBe(true);
    expect(fs.readdirSync(box.dataDir)).toEqual(['ao.db']);
  });
});

describe('a dry run', () => {
  it('reports what would happen and writes nothing anywhere', async () => {
    const before = snapshotDir(box.home);
    const result = await writeOffline(twoSessionPlan(), { ...box.options, dryRun: true });
    expect(result.backupPath).toBeNull();
    expect(result.sessions.map((s) => s.status)).toEqual(['created', 'created']);
    expect(snapshotDir(box.home)).toEqual(before);
  });

  it('after an unclean shutdown (a -wal left behind): checks the lock, reads through the -wal, leaves ao.db and the -wal as they were', async () => {
    // A process that commits and dies without closing leaves its commit in ao.db-wal only.
    const crash = `const Database = require('better-sqlite3');
      const db = new Database(process.argv[1], { fileMustExist: true });
      db.pragma('wal_autocheckpoint = 0');
      db.prepare("INSERT INTO projects (id, path, registered_at) VALUES ('app', ?, '2026-01-01 00:00:00 +0000 UTC')").run(process.argv[2]);
      process.kill(process.pid, 'SIGKILL');`;
    const crashed = spawnSync(process.execPath, ['-e', crash, box.dbPath, path.join(box.home, 'src', 'app')], {
      cwd: REPO_ROOT,
    });
    expect(crashed.signal).toBe('SIGKILL');
    expect(fs.statSync(`${box.dbPath}-wal`).size).toBeGreaterThan(0);
    const dbBefore = fs.readFileSync(box.dbPath);
    const walBefore = fs.readFileSync(`${box.dbPath}-wal`);
    const listingBefore = fs.readdirSync(box.dataDir).sort();

    const inspection = await inspectTarget(twoSessionPlan(), box.options);
    expect(inspection.projects).toEqual([{ id: 'app', status: 'already-present' }]);
    // Nobody else has it open, and the probe could tell.
    expect(inspection.inUseUnchecked).toBeUndefined();
    expect(inspection.notes).toEqual([]);
    expect(fs.readFileSync(box.dbPath).equals(dbBefore)).toBe(true);
    expect(fs.readFileSync(`${box.dbPath}-wal`).equals(walBefore)).toBe(true);
    expect(fs.readdirSync(box.dataDir).sort()).toEqual(listingBefore);

    // The real run probes (folding the -wal in) and writes.
    expect((await writeOffline(twoSessionPlan(), box.options)).sessions.map((s) => s.status)).toEqual(['created', 'created']);
  });

  it('leaves a stale -shm as it found it', async () => {
    fs.writeFileSync(`${box.dbPath}-shm`, Buffer.alloc(32768));
    const before = snapshotDir(box.home);
    await writeOffline(twoSessionPlan(), { ...box.options, dryRun: true });
    expect(snapshotDir(box.home)).toEqual(before);
  });
});
