import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyToTarget, inspectTarget, writeOffline } from '../../src/core/database/index.js';
import { insertExistingProject, insertExistingSession, readV12Contents } from '../../src/testing/v12-fixture.js';
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
  it('same id, another path: the project and its sessions are conflicts and nothing of them is written', () => {
    insertExistingProject(box.dbPath, { id: 'app', path: '/elsewhere/app' });
    const other = projectRow('lib', path.join(box.home, 'src', 'lib'));
    const plan = makePlan(
      box.legacyRoot,
      [plannedProject(projectRow('app', appPath)), plannedProject(other)],
      [sessionRow('app-1', 'app', 1), sessionRow('lib-1', 'lib', 1)].map(plannedSession),
    );
    const result = write(plan);
    expect(result.projects).toEqual([
      { id: 'app', status: 'conflict', reason: expect.stringContaining('/elsewhere/app') },
      { id: 'lib', status: 'created' },
    ]);
    expect(result.sessions).toEqual([
      { id: 'app-1', projectId: 'app', status: 'conflict', reason: expect.stringContaining('its project app conflicts') },
      { id: 'lib-1', projectId: 'lib', status: 'created', num: 1 },
    ]);
    const contents = readV12Contents(box.dbPath);
    expect(contents.projects.map((p) => [p.id, p.path])).toEqual([
      ['app', '/elsewhere/app'],
      ['lib', other.path],
    ]);
    expect(contents.sessions.map((s) => s.id)).toEqual(['lib-1']);
  });

  it('another id with the same path: adopts it; sessions go there; the orchestrator uses its stored prefix', () => {
    insertExistingProject(box.dbPath, { id: 'rw-app', path: appPath, config: '{"sessionPrefix":"rw"}' });
    const plan = makePlan(
      box.legacyRoot,
      [plannedProject(projectRow('app', appPath), 'app')],
      [
        sessionRow('app-1', 'app', 1),
        sessionRow('app-orchestrator', 'app', 0, { kind: 'orchestrator' }),
      ].map(plannedSession),
    );

    const inspection = inspectTarget(plan, box.options);
    expect(inspection.projects).toEqual([{ id: 'app', status: 'already-present', adoptedAs: 'rw-app' }]);
    expect(inspection.plan.projects[0]).toMatchObject({ id: 'app', adoptedAs: 'rw-app', sessionPrefix: 'rw' });
    expect(inspection.plan.sessions.map((s) => [s.id, s.projectId, s.row?.project_id])).toEqual([
      ['app-1', 'rw-app', 'rw-app'],
      ['app-orchestrator', 'rw-app', 'rw-app'],
    ]);
    expect(inspection.notes).toContainEqual(expect.objectContaining({ scope: 'project', id: 'app' }));

    const result = write(plan);
    expect(result.projects).toEqual([{ id: 'app', status: 'already-present', adoptedAs: 'rw-app' }]);
    const contents = readV12Contents(box.dbPath);
    expect(contents.projects.map((p) => p.id)).toEqual(['rw-app']);
    expect(contents.sessions.map((s) => [s.id, s.project_id, s.num])).toEqual([
      ['app-1', 'rw-app', 1],
      ['app-orchestrator', 'rw-app', 0],
    ]);
  });

  it('an adopted project without a stored prefix gives the first 12 characters of its id', () => {
    insertExistingProject(box.dbPath, { id: 'registered-by-the-rewrite', path: appPath, config: null });
    const plan = makePlan(box.legacyRoot, [plannedProject(projectRow('app', appPath), 'app')], []);
    expect(inspectTarget(plan, box.options).plan.projects[0]?.sessionPrefix).toBe('registered-b');
  });

  it('two planned projects with one path: the second is adopted into the first', () => {
    const plan = makePlan(
      box.legacyRoot,
      [plannedProject(projectRow('app', appPath), 'app'), plannedProject(projectRow('app-old', `${appPath}/`), 'old')],
      [sessionRow('app-1', 'app', 1), sessionRow('old-1', 'app-old', 1)].map(plannedSession),
    );
    const result = write(plan);
    expect(result.projects).toEqual([
      { id: 'app', status: 'created' },
      { id: 'app-old', status: 'already-present', adoptedAs: 'app' },
    ]);
    expect(readV12Contents(box.dbPath).sessions.map((s) => [s.id, s.project_id, s.num])).toEqual([
      ['app-1', 'app', 1],
      ['old-1', 'app', 2],
    ]);
  });
});

describe('skipped by the plan', () => {
  it('a skipped project and its sessions are reported skipped, with the reason, and not written', () => {
    const plan = makePlan(
      box.legacyRoot,
      [{ id: '../bad', registryPath: '/legacy/config.yaml', action: 'skip', reason: 'invalid project id', sessionPrefix: 'bad', notes: [] }],
      [plannedSession(sessionRow('bad-1', '../bad', 1))],
    );
    const result = write(plan);
    expect(result.projects).toEqual([{ id: '../bad', status: 'skipped', reason: 'invalid project id' }]);
    expect(result.sessions).toEqual([
      { id: 'bad-1', projectId: '../bad', status: 'skipped', reason: 'its project ../bad is not migrated: invalid project id' },
    ]);
    expect(readV12Contents(box.dbPath)).toEqual({ projects: [], sessions: [], changeLog: [] });
  });
});

describe('sessions already in the rewrite', () => {
  beforeEach(() => insertExistingProject(box.dbPath, { id: 'app', path: appPath }));

  it('same id, another identity: conflict naming what differs; the stored row is left alone', () => {
    insertExistingSession(box.dbPath, {
      id: 'app-1',
      project_id: 'app',
      num: 1,
      branch: 'someone-else',
      agent_session_id: 'uuid-app-1',
      created_at: '2026-06-01 09:00:00.123 +0000 UTC',
    });
    const before = readV12Contents(box.dbPath);
    const plan = makePlan(box.legacyRoot, [plannedProject(projectRow('app', appPath))], [
      plannedSession(sessionRow('app-1', 'app', 1)),
    ]);
    const result = write(plan);
    expect(result.sessions).toEqual([
      {
        id: 'app-1',
        projectId: 'app',
        status: 'conflict',
        reason: expect.stringMatching(/branch "someone-else" \(planned "feat\/app-1"\)/),
      },
    ]);
    expect(result.sessions[0]?.reason).not.toContain('created_at');
    expect(readV12Contents(box.dbPath)).toEqual(before);
  });

  it.each([
    ['the daemon form with nanoseconds', '2026-06-01 09:00:00.123000000 +0000 UTC'],
    ['the daemon form in another zone', '2026-06-01 11:00:00.123 +0200 CEST'],
    ['RFC 3339 with Z', '2026-06-01T09:00:00.123Z'],
    ['RFC 3339 with an offset', '2026-06-01T09:00:00.123+00:00'],
  ])('an existing created_at in %s is the same instant: already-present', (_layout, createdAt) => {
    insertExistingSession(box.dbPath, {
      id: 'app-1',
      project_id: 'app',
      num: 7,
      branch: 'feat/app-1',
      agent_session_id: 'uuid-app-1',
      created_at: createdAt,
    });
    const plan = makePlan(box.legacyRoot, [plannedProject(projectRow('app', appPath))], [
      plannedSession(sessionRow('app-1', 'app', 1)),
    ]);
    expect(write(plan).sessions).toEqual([{ id: 'app-1', projectId: 'app', status: 'already-present', num: 7 }]);
  });

  it('a plain YYYY-MM-DD HH:MM:SS created_at compares as UTC', () => {
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
    expect(write(at('2026-06-01 09:00:00 +0000 UTC')).sessions[0]?.status).toBe('already-present');
    expect(write(at('2026-06-01 09:00:01 +0000 UTC')).sessions[0]?.status).toBe('conflict');
  });

  it('re-assigns a num already taken in the project, keeping every free planned num', () => {
    insertExistingSession(box.dbPath, { id: 'rw-1', project_id: 'app', num: 1 });
    insertExistingSession(box.dbPath, { id: 'rw-2', project_id: 'app', num: 2 });
    const plan = makePlan(
      box.legacyRoot,
      [plannedProject(projectRow('app', appPath))],
      [sessionRow('app-2', 'app', 2), sessionRow('app-3', 'app', 3)].map(plannedSession),
    );
    const result = write(plan);
    expect(result.sessions).toEqual([
      { id: 'app-2', projectId: 'app', status: 'created', num: 4 },
      { id: 'app-3', projectId: 'app', status: 'created', num: 3 },
    ]);
    expect(result.notes).toContainEqual({
      scope: 'session',
      id: 'app-2',
      message: expect.stringContaining('num 2 is already taken in project app by rw-2'),
    });
    expect(readV12Contents(box.dbPath).sessions.map((s) => [s.id, s.num])).toEqual([
      ['app-2', 4],
      ['app-3', 3],
      ['rw-1', 1],
      ['rw-2', 2],
    ]);
  });

  it('two planned sessions with one id: the second is a conflict, the first is written', () => {
    insertExistingProject(box.dbPath, { id: 'lib', path: '/src/lib' });
    const plan = makePlan(
      box.legacyRoot,
      [plannedProject(projectRow('app', appPath)), plannedProject(projectRow('lib', '/src/lib'))],
      [sessionRow('ao-1', 'app', 1), sessionRow('ao-1', 'lib', 1)].map(plannedSession),
    );
    expect(write(plan).sessions.map((s) => [s.projectId, s.status])).toEqual([
      ['app', 'created'],
      ['lib', 'conflict'],
    ]);
  });
});

describe('a row that fails', () => {
  function planWithBadHarness() {
    return makePlan(
      box.legacyRoot,
      [plannedProject(projectRow('app', appPath))],
      [
        sessionRow('app-1', 'app', 1),
        sessionRow('app-2', 'app', 2, { harness: 'not-a-harness' }),
        sessionRow('app-3', 'app', 3),
      ].map(plannedSession),
    );
  }

  it('rolls the whole transaction back, says which row failed and why, and leaves ao.db byte-for-byte', () => {
    const before = snapshotDir(box.dataDir);
    const result = write(planWithBadHarness());
    expect(result.projects).toEqual([
      { id: 'app', status: 'failed', reason: expect.stringMatching(/^rolled back: session app-2 failed: CHECK constraint failed/) },
    ]);
    const rolledBack = expect.stringMatching(/^rolled back: session app-2 failed: CHECK constraint failed: harness/);
    expect(result.sessions).toEqual([
      { id: 'app-1', projectId: 'app', status: 'failed', reason: rolledBack, num: 1 },
      { id: 'app-2', projectId: 'app', status: 'failed', reason: expect.stringMatching(/^CHECK constraint failed: harness/), num: 2 },
      { id: 'app-3', projectId: 'app', status: 'failed', reason: rolledBack, num: 3 },
    ]);
    expect(readV12Contents(box.dbPath).sessions).toEqual([]);
    expect(snapshotDir(box.dataDir)).toEqual(before);
  });

  it('with a backup: the backup is there, and ao.db is still unchanged', () => {
    const dbBefore = fs.readFileSync(box.dbPath);
    const result = writeOffline(planWithBadHarness(), box.options);
    expect(result.backupPath).not.toBeNull();
    expect(fs.readFileSync(box.dbPath).equals(dbBefore)).toBe(true);
  });

  it('a beforeCommit that throws rolls everything back and its error reaches the caller', () => {
    const before = snapshotDir(box.dataDir);
    const plan = makePlan(box.legacyRoot, [plannedProject(projectRow('app', appPath))], [
      plannedSession(sessionRow('app-1', 'app', 1)),
    ]);
    const inspection = inspectTarget(plan, box.options);
    const aborted = new Error('aborted by the user');
    expect(() =>
      applyToTarget(inspection, {
        ...box.options,
        backup: false,
        beforeCommit: () => {
          throw aborted;
        },
      }),
    ).toThrow(aborted);
    expect(snapshotDir(box.dataDir)).toEqual(before);
  });
});

describe('sessions whose legacy id another project has (issue 12)', () => {
  const renamed = (id: string, legacyId: string, num: number) => ({ ...plannedSession(sessionRow(id, 'app', num, { branch: 'feat/x', agent_session_id: 'uuid-x' })), legacyId });

  it('a renamed session is created under its new id, keeps its legacy id in the outcome, and a re-run finds it', () => {
    const plan = makePlan(box.legacyRoot, [plannedProject(projectRow('app', appPath))], [renamed('app-4', 'app-1', 4)]);
    expect(write(plan).sessions).toEqual([{ id: 'app-4', legacyId: 'app-1', projectId: 'app', status: 'created', num: 4 }]);
    const written = readV12Contents(box.dbPath);
    expect(write(plan).sessions).toEqual([{ id: 'app-4', legacyId: 'app-1', projectId: 'app', status: 'already-present', num: 4 }]);
    expect(readV12Contents(box.dbPath)).toEqual(written);
  });

  it('when the plan proposes another new id on a later run, the row is found by project and identity, not created again', () => {
    const project = plannedProject(projectRow('app', appPath));
    write(makePlan(box.legacyRoot, [project], [renamed('app-4', 'app-1', 4)]));
    const written = readV12Contents(box.dbPath);
    const later = write(makePlan(box.legacyRoot, [project], [renamed('app-5', 'app-1', 5)]));
    expect(later.sessions).toEqual([{ id: 'app-4', legacyId: 'app-1', projectId: 'app', status: 'already-present', num: 4 }]);
    expect(readV12Contents(box.dbPath)).toEqual(written);
  });

  it("an id the rewrite already gives another project's session: a free id in its own project, the other row untouched", () => {
    insertExistingProject(box.dbPath, { id: 'lib', path: '/src/lib' });
    insertExistingSession(box.dbPath, { id: 'app-1', project_id: 'lib', num: 1, branch: 'lib-work' });
    const theirs = readV12Contents(box.dbPath).sessions;
    const plan = makePlan(box.legacyRoot, [plannedProject(projectRow('app', appPath))], [plannedSession(sessionRow('app-1', 'app', 1))]);
    const result = write(plan);
    expect(result.sessions).toEqual([{ id: 'app-2', legacyId: 'app-1', projectId: 'app', status: 'created', num: 2 }]);
    expect(result.notes).toContainEqual({
      scope: 'session',
      id: 'app-2',
      message: "Was app-1 in legacy; app-1 is taken by the rewrite's session app-1 of project lib, so this session becomes app-2.",
    });
    const rows = readV12Contents(box.dbPath).sessions;
    expect(rows.find((row) => row.id === 'app-1')).toEqual(theirs[0]);
    expect(rows.find((row) => row.id === 'app-2')).toMatchObject({ project_id: 'app', num: 2, branch: 'feat/app-1' });
    expect(write(plan).sessions).toEqual([{ id: 'app-2', legacyId: 'app-1', projectId: 'app', status: 'already-present', num: 2 }]);
  });
});
