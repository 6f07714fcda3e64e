import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyToTarget, inspectTarget, writeOffline } from '../../src/core/database/index.js';
import { insertExistingProject, insertExistingSession, readMigratedTables } from '../../src/testing/rewrite-database.js';
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

let box: TargetSandbox;
let appPath: string;
beforeEach(() => {
  box = makeSandbox();
  appPath = path.join(box.home, 'src', 'app');
});
afterEach(() => box.cleanup());

const write = (plan: Parameters<typeof writeOffline>[0]) => writeOffline(plan, { ...box.options, backup: false });

describe('projects already in the rewrite', () => {
  it('same id, another path: the project and its sessions are conflicts and nothing of them is written', async () => {
    insertExistingProject(box.dbPath, { id: 'app', path: '/elsewhere/app' });
    const other = projectRow('lib', path.join(box.home, 'src', 'lib'));
    const plan = makePlan(
      box.legacyRoot,
      [plannedProject(projectRow('app', appPath)), plannedProject(other)],
      [sessionRow('app-1', 'app', 1), sessionRow('lib-1', 'lib', 1)].map(plannedSession),
    );
    const result = await write(plan);
    expect(result.projects).toEqual([
      { id: 'app', status: 'conflict', reason: expect.stringContaining('/elsewhere/app') },
      { id: 'lib', status: 'created' },
    ]);
    expect(result.sessions).toEqual([
      { id: 'app-1', projectId: 'app', status: 'conflict', reason: expect.stringContaining('its project app conflicts') },
      { id: 'lib-1', projectId: 'lib', status: 'created', num: 1 },
    ]);
    const contents = readMigratedTables(box.dbPath);
    expect(contents.projects.map((p) => [p.id, p.path])).toEqual([
      ['app', '/elsewhere/app'],
      ['lib', other.path],
    ]);
    expect(contents.sessions.map((s) => s.id)).toEqual(['lib-1']);
  });

  it('another id with the same path: adopts it; sessions go there; the orchestrator uses its stored prefix', async () => {
    insertExistingProject(box.dbPath, { id: 'rw-app', path: appPath, config: '{"sessionPrefix":"rw"}' });
    const plan = makePlan(
      box.legacyRoot,
      [plannedProject(projectRow('app', appPath), 'app')],
      [
        sessionRow('app-1', 'app', 1),
        sessionRow('app-orchestrator', 'app', 0, { kind: 'orchestrator' }),
      ].map(plannedSession),
    );

    const inspection = await inspectTarget(plan, box.options);
    expect(inspection.projects).toEqual([{ id: 'app', status: 'already-present', adoptedAs: 'rw-app' }]);
    expect(inspection.plan.projects[0]).toMatchObject({ id: 'app', adoptedAs: 'rw-app', sessionPrefix: 'rw' });
    expect(inspection.plan.sessions.map((s) => [s.id, s.projectId, s.row?.project_id])).toEqual([
      ['app-1', 'rw-app', 'rw-app'],
      ['app-orchestrator', 'rw-app', 'rw-app'],
    ]);
    expect(inspection.notes).toContainEqual(expect.objectContaining({ scope: 'project', id: 'app' }));

    const result = await write(plan);
    expect(result.projects).toEqual([{ id: 'app', status: 'already-present', adoptedAs: 'rw-app' }]);
    const contents = readMigratedTables(box.dbPath);
    expect(contents.projects.map((p) => p.id)).toEqual(['rw-app']);
    expect(contents.sessions.map((s) => [s.id, s.project_id, s.num])).toEqual([
      ['app-1', 'rw-app', 1],
      ['app-orchestrator', 'rw-app', 0],
    ]);
    // The managed worktrees are the adopting project's, with its stored prefix for the orchestrator.
    expect(contents.sessions.map((s) => s.workspace_path)).toEqual([
      path.join(box.dataDir, 'worktrees', 'rw-app', 'app-1'),
      path.join(box.dataDir, 'worktrees', 'rw-app', 'orchestrator', 'rw-orchestrator'),
    ]);
  });

  it("sessions of a project the plan itself adopted go to the adopting project's row", async () => {
    const plan = makePlan(
      box.legacyRoot,
      [
        plannedProject(projectRow('app', appPath), 'app'),
        { id: 'dup', registryPath: '/legacy/config.yaml', action: 'skip', reason: "its path is also project 'app's", sessionPrefix: 'dup', notes: [] },
      ],
      [{ ...plannedSession(sessionRow('dup-3', 'app', 3)), projectId: 'dup' }],
    );
    const result = await write(plan);
    expect(result.sessions).toEqual([{ id: 'dup-3', projectId: 'app', status: 'created', num: 3 }]);
    expect(readMigratedTables(box.dbPath).sessions.map((s) => [s.id, s.project_id, s.workspace_path])).toEqual([
      ['dup-3', 'app', path.join(box.dataDir, 'worktrees', 'app', 'dup-3')],
    ]);
  });

  it('an adopted project without a stored prefix gives the first 12 characters of its id', async () => {
    insertExistingProject(box.dbPath, { id: 'registered-by-the-rewrite', path: appPath, config: null });
    const plan = makePlan(box.legacyRoot, [plannedProject(projectRow('app', appPath), 'app')], []);
    expect((await inspectTarget(plan, box.options)).plan.projects[0]?.sessionPrefix).toBe('registered-b');
  });

  it('two planned projects with one path: the second is adopted into the first', async () => {
    const plan = makePlan(
      box.legacyRoot,
      [plannedProject(projectRow('app', appPath), 'app'), plannedProject(projectRow('app-old', `${appPath}/`), 'old')],
      [sessionRow('app-1', 'app', 1), sessionRow('old-1', 'app-old', 1)].map(plannedSession),
    );
    const result = await write(plan);
    expect(result.projects).toEqual([
      { id: 'app', status: 'created' },
      { id: 'app-old', status: 'already-present', adoptedAs: 'app' },
    ]);
    expect(readMigratedTables(box.dbPath).sessions.map((s) => [s.id, s.project_id, s.num])).toEqual([
      ['app-1', 'app', 1],
      ['old-1', 'app', 2],
    ]);
  });
});

describe('skipped by the plan', () => {
  it('a skipped project and its sessions are reported skipped, with the reason, and not written', async () => {
    const plan = makePlan(
      box.legacyRoot,
      [{ id: '../bad', registryPath: '/legacy/config.yaml', action: 'skip', reason: 'invalid project id', sessionPrefix: 'bad', notes: [] }],
      [plannedSession(sessionRow('bad-1', '../bad', 1))],
    );
    const result = await write(plan);
    expect(result.projects).toEqual([{ id: '../bad', status: 'skipped', reason: 'invalid project id' }]);
    expect(result.sessions).toEqual([
      { id: 'bad-1', projectId: '../bad', status: 'skipped', reason: 'its project ../bad is not migrated: invalid project id' },
    ]);
    expect(readMigratedTables(box.dbPath)).toEqual({ projects: [], sessions: [], changeLog: [] });
  });
});

describe('sessions already in the rewrite', () => {
  beforeEach(() => insertExistingProject(box.dbPath, { id: 'app', path: appPath }));

  it('same id, another identity: conflict naming what differs; the stored row is left alone', async () => {
    insertExistingSession(box.dbPath, {
      id: 'app-1',
      project_id: 'app',
      num: 1,
      branch: 'someone-else',
      agent_session_id: 'uuid-app-1',
      created_at: '2026-06-01 09:00:00.123 +0000 UTC',
    });
    const before = readMigratedTables(box.dbPath);
    const plan = makePlan(box.legacyRoot, [plannedProject(projectRow('app', appPath))], [
      plannedSession(sessionRow('app-1', 'app', 1)),
    ]);
    const result = await write(plan);
    expect(result.sessions).toEqual([
      {
        id: 'app-1',
        projectId: 'app',
        status: 'conflict',
        reason: expect.stringMatching(/branch "someone-else" \(planned "feat\/app-1"\)/),
      },
    ]);
    expect(result.sessions[0]?.reason).not.toContain('created_at');
    expect(readMigratedTables(box.dbPath)).toEqual(before);
  });

  it.each([
    ['the daemon form with nanoseconds', '2026-06-01 09:00:00.123000000 +0000 UTC'],
    ['the daemon form in another zone', '2026-06-01 11:00:00.123 +0200 CEST'],
    ['RFC 3339 with Z', '2026-06-01T09:00:00.123Z'],
    ['RFC 3339 with an offset', '2026-06-01T09:00:00.123+00:00'],
  ])('an existing created_at in %s is the same instant: already-present', async (_layout, createdAt) => {
    insertExistingSession(box.dbPath, {
      id: 'app-1',
      project_id: 'app',
      num: 7,
      branch: 'feat/app-1',
      agent_session_id: 'uuid-app-1',
      created_at: createdAt,
      is_terminated: 1,
    });
    const plan = makePlan(box.legacyRoot, [plannedProject(projectRow('app', appPath))], [
      plannedSession(sessionRow('app-1', 'app', 1)),
    ]);
    expect((await write(plan)).sessions).toEqual([{ id: 'app-1', projectId: 'app', status: 'already-present', num: 7 }]);
  });

  it('says when the rewrite holds an already-present session live (restored already)', async () => {
    insertExistingSession(box.dbPath, {
      id: 'app-1',
      project_id: 'app',
      num: 1,
      branch: 'feat/app-1',
      agent_session_id: 'uuid-app-1',
      created_at: '2026-06-01 09:00:00.123 +0000 UTC',
      is_terminated: 0,
    });
    const plan = makePlan(box.legacyRoot, [plannedProject(projectRow('app', appPath))], [
      plannedSession(sessionRow('app-1', 'app', 1)),
    ]);
    expect((await write(plan)).sessions).toEqual([{ id: 'app-1', projectId: 'app', status: 'already-present', num: 1, heldLive: true }]);
  });

  it('a plain YYYY-MM-DD HH:MM:SS created_at compares as UTC', async () => {
    insertExistingSession(box.dbPath, {
      id: 'app-1',
      project_id: 'app',
      num: 1,
      branch: 'feat/app-1',
      agent_session_id: 'uuid-app-1',
      created_at: '2026-06-01 09:00:00',
    });
    const at = (created_at: string) =>
      makePlan(box.legacyRoot, [plannedProject(projectRow('app', appPath))], [
        plannedSession(sessionRow('app-1', 'app', 1, { created_at })),
      ]);
    expect((await write(at('2026-06-01 09:00:00 +0000 UTC'))).sessions[0]?.status).toBe('already-present');
    expect((await write(at('2026-06-01 09:00:01 +0000 UTC'))).sessions[0]?.status).toBe('conflict');
  });

  it('re-assigns a num already taken in the project, keeping every free planned num', async () => {
    insertExistingSession(box.dbPath, { id: 'rw-1', project_id: 'app', num: 1 });
    insertExistingSession(box.dbPath, { id: 'rw-2', project_id: 'app', num: 2 });
    const plan = makePlan(
      box.legacyRoot,
      [plannedProject(projectRow('app', appPath))],
      [sessionRow('app-2', 'app', 2), sessionRow('app-3', 'app', 3)].map(plannedSession),
    );
    const result = await write(plan);
    expect(result.sessions).toEqual([
      { id: 'app-2', projectId: 'app', status: 'created', num: 4 },
      { id: 'app-3', projectId: 'app', status: 'created', num: 3 },
    ]);
    expect(result.notes).toContainEqual({
      scope: 'session',
      id: 'app-2',
      message: expect.stringContaining('num 2 is already taken in project app by rw-2'),
    });
    expect(readMigratedTables(box.dbPath).sessions.map((s) => [s.id, s.num])).toEqual([
      ['app-2', 4],
      ['app-3', 3],
      ['rw-1', 1],
      ['rw-2', 2],
    ]);
  });

  it('two planned sessions with one id: the second is a conflict, the first is written', async () => {
    insertExistingProject(box.dbPath, { id: 'lib', path: '/src/lib' });
    const plan = makePlan(
      box.legacyRoot,
      [plannedProject(projectRow('app', appPath)), plannedProject(projectRow('lib', '/src/lib'))],
      [sessionRow('ao-1', 'app', 1), sessionRow('ao-1', 'lib', 1)].map(plannedSession),
    );
    expect((await write(plan)).sessions.map((s) => [s.projectId, s.status])).toEqual([
      ['app', 'created'],
      ['lib', 'conflict'],
    ]);
  });
});

describe('a row that fails', () => {
  /** app-2 is refused by the database itself when inserted (a trigger of the test's, standing for any constraint). */
  function planWithFailingRow() {
    const db = new Database(box.dbPath);
    db.exec("CREATE TRIGGER refuse_app_2 BEFORE INSERT ON sessions WHEN NEW.id = 'app-2' BEGIN SELECT RAISE(ABORT, 'app-2 is refused'); END;");
    db.close();
    return makePlan(
      box.legacyRoot,
      [plannedProject(projectRow('app', appPath))],
      [sessionRow('app-1', 'app', 1), sessionRow('app-2', 'app', 2), sessionRow('app-3', 'app', 3)].map(plannedSession),
    );
  }

  it('rolls the whole transaction back, says which row failed and why, and leaves ao.db byte-for-byte', async () => {
    const plan = planWithFailingRow();
    const before = snapshotDir(box.dataDir);
    const result = await write(plan);
    expect(result.projects).toEqual([
      { id: 'app', status: 'failed', reason: expect.stringMatching(/^rolled back: session app-2 failed: app-2 is refused/) },
    ]);
    const rolledBack = expect.stringMatching(/^rolled back: session app-2 failed: app-2 is refused/);
    expect(result.sessions).toEqual([
      { id: 'app-1', projectId: 'app', status: 'failed', reason: rolledBack, num: 1 },
      { id: 'app-2', projectId: 'app', status: 'failed', reason: 'app-2 is refused', num: 2 },
      { id: 'app-3', projectId: 'app', status: 'failed', reason: rolledBack, num: 3 },
    ]);
    expect(readMigratedTables(box.dbPath).sessions).toEqual([]);
    expect(snapshotDir(box.dataDir)).toEqual(before);
  });

  it('with a backup: the backup is there, and ao.db is still unchanged', async () => {
    const plan = planWithFailingRow();
    const dbBefore = fs.readFileSync(box.dbPath);
    const result = await writeOffline(plan, box.options);
    expect(result.backupPath).not.toBeNull();
    expect(fs.readFileSync(box.dbPath).equals(dbBefore)).toBe(true);
  });

  it('a beforeCommit that throws rolls everything back and its error reaches the caller', async () => {
    const before = snapshotDir(box.dataDir);
    const plan = makePlan(box.legacyRoot, [plannedProject(projectRow('app', appPath))], [
      plannedSession(sessionRow('app-1', 'app', 1)),
    ]);
    const inspection = await inspectTarget(plan, box.options);
    const aborted = new Error('aborted by the user');
    await expect(
      applyToTarget(inspection, {
        ...box.options,
        backup: false,
        beforeCommit: () => {
          throw aborted;
        },
      }),
    ).rejects.toThrow(aborted);
    expect(snapshotDir(box.dataDir)).toEqual(before);
  });
});

describe('sessions whose legacy id another project has (issue 12)', () => {
  const renamed = (id: string, legacyId: string, num: number) => ({ ...plannedSession(sessionRow(id, 'app', num, { branch: 'feat/x', agent_session_id: 'uuid-x' })), legacyId });

  it('a renamed session is created under its new id, keeps its legacy id in the outcome, and a re-run finds it', async () => {
    const plan = makePlan(box.legacyRoot, [plannedProject(projectRow('app', appPath))], [renamed('app-4', 'app-1', 4)]);
    expect((await write(plan)).sessions).toEqual([{ id: 'app-4', legacyId: 'app-1', projectId: 'app', status: 'created', num: 4 }]);
    const written = readMigratedTables(box.dbPath);
    expect((await write(plan)).sessions).toEqual([{ id: 'app-4', legacyId: 'app-1', projectId: 'app', status: 'already-present', num: 4 }]);
    expect(readMigratedTables(box.dbPath)).toEqual(written);
  });

  it('when the plan proposes another new id on a later run, the row is found by project and identity, not created again', async () => {
    const project = plannedProject(projectRow('app', appPath));
    await write(makePlan(box.legacyRoot, [project], [renamed('app-4', 'app-1', 4)]));
    const written = readMigratedTables(box.dbPath);
    const later = await write(makePlan(box.legacyRoot, [project], [renamed('app-5', 'app-1', 5)]));
    expect(later.sessions).toEqual([{ id: 'app-4', legacyId: 'app-1', projectId: 'app', status: 'already-present', num: 4 }]);
    expect(readMigratedTables(box.dbPath)).toEqual(written);
  });

  it("an id the rewrite already gives another project's session: a free id in its own project, the other row untouched", async () => {
    insertExistingProject(box.dbPath, { id: 'lib', path: '/src/lib' });
    insertExistingSession(box.dbPath, { id: 'app-1', project_id: 'lib', num: 1, branch: 'lib-work' });
    const theirs = readMigratedTables(box.dbPath).sessions;
    const plan = makePlan(box.legacyRoot, [plannedProject(projectRow('app', appPath))], [plannedSession(sessionRow('app-1', 'app', 1))]);
    const result = await write(plan);
    expect(result.sessions).toEqual([{ id: 'app-2', legacyId: 'app-1', projectId: 'app', status: 'created', num: 2 }]);
    expect(result.notes).toContainEqual({
      scope: 'session',
      id: 'app-2',
      message: "Was app-1 in legacy; app-1 is taken by the rewrite's session app-1 of project lib, so this session becomes app-2.",
    });
    const rows = readMigratedTables(box.dbPath).sessions;
    expect(rows.find((row) => row.id === 'app-1')).toEqual(theirs[0]);
    expect(rows.find((row) => row.id === 'app-2')).toMatchObject({ project_id: 'app', num: 2, branch: 'feat/app-1' });
    expect((await write(plan)).sessions).toEqual([{ id: 'app-2', legacyId: 'app-1', projectId: 'app', status: 'already-present', num: 2 }]);
  });
});
