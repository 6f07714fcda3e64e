import { describe, expect, it } from 'vitest';
import type { LegacySnapshot } from '../../src/core/legacy/types.js';
import type { Note } from '../../src/core/note.js';
import { planMigration } from '../../src/core/plan/plan-migration.js';
import type { PlannedSession } from '../../src/core/plan/types.js';
import { legacyProject, legacySession } from '../map/legacy-builders.js';

const storeNote: Note = {
  scope: 'store',
  id: '/home/dev/.agent-orchestrator/projects/agent-orchestrator/sessions/ao-5.json',
  message: 'Empty session file (a reserved id); skipped.',
};

/**
 * Four registry projects: `agent-orchestrator` (prefix `ao`), `dup` (same
 * path, so adopted by it), `widgets` (prefix `ao-1`) and `bad..id` (invalid),
 * plus a session of a project the registry does not know.
 */
const snapshot: LegacySnapshot = {
  root: '/home/dev/.agent-orchestrator',
  registries: [
    {
      path: '/home/dev/.agent-orchestrator/config.yaml',
      foundBy: 'the legacy root',
      shape: 'hybrid',
      mtime: new Date('2026-05-02T03:04:05.600Z'),
      defaults: { agent: 'claude-code' },
    },
  ],
  problems: [],
  projects: [
    legacyProject({
      id: 'agent-orchestrator',
      path: '~/code/agent-orchestrator',
      sessionPrefix: 'ao',
      repoOriginUrl: 'git@github.com:acme/agent-orchestrator.git',
      registeredAtEpochSeconds: 1_780_000_000,
      behaviour: { worker: { agent: 'codex' }, droppedKeys: [] },
    }),
    legacyProject({ id: 'dup', path: '/home/dev/code/agent-orchestrator/', registeredAtEpochSeconds: 1_780_000_000 }),
    legacyProject({ id: 'widgets', path: '/srv/widgets', sessionPrefix: 'ao-1', behaviour: { droppedKeys: ['tracker'] } }),
    legacyProject({ id: 'bad..id', path: '/srv/bad' }),
  ],
  sessions: [
    // Listed before `ao-2` and `ao-9`: its fallback must not take their numbers.
    legacySession({
      id: 'ao-orchestrator-2',
      role: 'orchestrator',
      agent: 'claude-code',
      userPrompt: 'Coordinate',
      createdAt: '2026-06-05T00:00:00Z',
      claudeSessionUuid: 'uuid-o2',
    }),
    legacySession({
      id: 'ao-2',
      branch: 'ao/2',
      worktree: '/wt/ao-2',
      codexThreadId: 'thr-2',
      createdAt: '2026-06-06T06:06:06.060Z',
      lifecycle: { session: { state: 'working', lastTransitionAt: '2026-06-07T07:00:00Z' } },
    }),
    legacySession({ id: 'ao-3', agent: 'codex', lifecycle: { session: { state: 'done' } } }),
    legacySession({
      id: 'ao-orchestrator',
      role: 'orchestrator',
      agent: 'claude-code',
      branch: 'ao/orchestrator',
      worktree: '/wt/ao-orchestrator',
      claudeSessionUuid: 'uuid-o',
      createdAt: '2026-06-01T10:00:00Z',
      lifecycle: { session: { state: 'idle', lastTransitionAt: 'soon' }, runtime: { lastObservedAt: '2026-06-08T08:00:00Z' } },
    }),
    legacySession({
      id: 'ao-feature',
      agent: 'opencode',
      opencodeSessionId: 'ses_feat',
      userPrompt: 'Add feature',
      worktree: '/wt/ao-feature',
      createdAt: '2026-06-02T00:00:00Z',
    }),
    legacySession({
      id: 'ao-9',
      projectId: 'dup',
      agent: 'claude-code',
      branch: 'ao/9',
      worktree: '/wt/ao-9',
      createdAt: '2026-06-03T00:00:00Z',
    }),
    legacySession({
      id: 'ao-1-7',
      projectId: 'widgets',
      agent: 'aider',
      branch: 'w/7',
      worktree: '/wt/ao-1-7',
      userPrompt: 'Polish widgets',
      createdAt: '2026-06-04T04:04:04.4Z',
      codexModel: 'o3',
    }),
    legacySession({ id: 'ao-2', projectId: 'widgets', agent: 'aider', createdAt: '2026-06-04T00:00:00Z' }),
    legacySession({ id: 'bad-1', projectId: 'bad..id' }),
    legacySession({ id: 'ghost-1', projectId: 'ghost', agent: 'codex' }),
  ],
  notes: [storeNote],
};

const REGISTRY = '/home/dev/.agent-orchestrator/config.yaml';
const options = { now: new Date('2026-07-01T12:00:00.000Z'), homeDir: '/home/dev', dataDir: '/home/dev/.ao/data' };

const sessionNote = (id: string, message: string): Note => ({ scope: 'session', id, message });
const projectNote = (id: string, message: string): Note => ({ scope: 'project', id, message });

const BAD_ID_REASON =
  "project id 'bad..id' is not valid in the rewrite (letters, digits, '.', '_', '-', starting with a letter or digit, no '..')";

describe('planMigration', () => {
  const plan = planMigration(snapshot, options);

  it('describes the run', () => {
    expect(plan.planVersion).toBe(1);
    expect(plan.mode).toBe('restorable');
    expect(plan.legacyRoot).toBe('/home/dev/.agent-orchestrator');
    expect(plan.registryPaths).toEqual(['/home/dev/.agent-orchestrator/config.yaml']);
    expect(plan.notes).toEqual([storeNote]);
  });

  it('plans every project once, in registry order', () => {
    expect(plan.projects).toEqual([
      {
        id: 'agent-orchestrator',
        registryPath: REGISTRY,
        action: 'create',
        row: {
          id: 'agent-orchestrator',
          path: '/home/dev/code/agent-orchestrator',
          repo_origin_url: 'git@github.com:acme/agent-orchestrator.git',
          display_name: '',
          registered_at: '2026-05-28 20:26:40 +0000 UTC',
          kind: 'single_repo',
          config:
            '{"sessionPrefix":"ao","worker":{"agent":"codex","agentConfig":{"permissions":"accept-edits"}},"orchestrator":{"agent":"claude-code"}}',
        },
        sessionPrefix: 'ao',
        notes: [
          projectNote(
            'agent-orchestrator',
            "worker runs codex with no permission setting in the legacy tool, which kept codex's sandbox and approvals; the rewrite runs codex with 'default' (or no permission) without sandbox or approvals, so worker.agentConfig.permissions is 'accept-edits' (approval on request).",
          ),
        ],
      },
      {
        id: 'dup',
        registryPath: REGISTRY,
        action: 'skip',
        reason:
          "its path /home/dev/code/agent-orchestrator is also project 'agent-orchestrator's; its sessions are migrated into 'agent-orchestrator'",
        sessionPrefix: 'ao',
        notes: [
          projectNote('dup', "No sessionPrefix in the registry; using 'ao', derived from the path as the legacy tool did."),
          projectNote('dup', "Adopted by project 'agent-orchestrator'; its own settings are not migrated."),
        ],
      },
      {
        id: 'widgets',
        registryPath: REGISTRY,
        action: 'create',
        row: {
          id: 'widgets',
          path: '/srv/widgets',
          repo_origin_url: '',
          display_name: '',
          registered_at: '2026-05-02 03:04:05.6 +0000 UTC',
          kind: 'single_repo',
          config: '{"sessionPrefix":"ao-1","worker":{"agent":"claude-code"},"orchestrator":{"agent":"claude-code"}}',
        },
        sessionPrefix: 'ao-1',
        notes: [
          projectNote('widgets', 'registered_at taken from the registry file mtime.'),
          projectNote('widgets', 'tracker: no equivalent in the rewrite; dropped.'),
        ],
      },
      { id: 'bad..id', registryPath: REGISTRY, action: 'skip', reason: BAD_ID_REASON, sessionPrefix: 'bad', notes: [] },
    ]);
  });

  it('plans every session once, in snapshot order, with rows, nums and resume readiness', () => {
    const expected: PlannedSession[] = [
      {
        id: 'ao-orchestrator-2',
        projectId: 'agent-orchestrator',
        kind: 'orchestrator',
        harness: 'claude-code',
        agent: 'claude-code',
        action: 'create',
        row: {
          id: 'ao-orchestrator-2',
          project_id: 'agent-orchestrator',
          // Natural nums in use: ao-orchestrator 0, ao-2 2, ao-9 9 (adopted); ao-feature took 10 (id order).
          num: 11,
          issue_id: '',
          kind: 'orchestrator',
          harness: 'claude-code',
          activity_state: 'exited',
          activity_last_at: '2026-06-05 00:00:00 +0000 UTC',
          is_terminated: 1,
          branch: '',
          // Every orchestrator of the project shares the one managed worktree.
          workspace_path: '/home/dev/.ao/data/worktrees/agent-orchestrator/orchestrator/ao-orchestrator',
          runtime_handle_id: '',
          agent_session_id: 'uuid-o2',
          prompt: 'Coordinate',
          created_at: '2026-06-05 00:00:00 +0000 UTC',
          updated_at: '2026-06-05 00:00:00 +0000 UTC',
          display_name: '',
          first_signal_at: '2026-06-05 00:00:00 +0000 UTC',
        },
        claudeSessionUuid: 'uuid-o2',
        resume: {
          resumable: false,
          reasons: ['No branch is recorded, so restore cannot create its worktree.'],
        },
        notes: [sessionNote('ao-orchestrator-2', "num 11 assigned: its id is neither 'ao-<N>' nor 'ao-orchestrator'.")],
      },
      {
        id: 'ao-2',
        projectId: 'agent-orchestrator',
        kind: 'worker',
        harness: 'codex',
        agent: 'codex',
        action: 'create',
        row: {
          id: 'ao-2',
          project_id: 'agent-orchestrator',
          num: 2,
          issue_id: '',
          kind: 'worker',
          harness: 'codex',
          activity_state: 'exited',
          activity_last_at: '2026-06-07 07:00:00 +0000 UTC',
          is_terminated: 1,
          branch: 'ao/2',
          workspace_path: '/home/dev/.ao/data/worktrees/agent-orchestrator/ao-2',
          runtime_handle_id: '',
          agent_session_id: 'thr-2',
          prompt: '',
          created_at: '2026-06-06 06:06:06.06 +0000 UTC',
          updated_at: '2026-06-07 07:00:00 +0000 UTC',
          display_name: '',
          first_signal_at: '2026-06-07 07:00:00 +0000 UTC',
        },
        legacyWorktree: '/wt/ao-2',
        resume: { resumable: true, reasons: [] },
        notes: [sessionNote('ao-2', "No agent recorded in the session; harness 'codex' from the project's worker agent.")],
      },
      {
        id: 'ao-3',
        projectId: 'agent-orchestrator',
        kind: 'worker',
        harness: 'codex',
        action: 'skip',
        reason: 'terminal: state done',
        resume: { resumable: false, reasons: ['Not migrated (terminal: state done).'] },
        notes: [],
      },
      {
        id: 'ao-orchestrator',
        projectId: 'agent-orchestrator',
        kind: 'orchestrator',
        harness: 'claude-code',
        agent: 'claude-code',
        action: 'create',
        row: {
          id: 'ao-orchestrator',
          project_id: 'agent-orchestrator',
          num: 0,
          issue_id: '',
          kind: 'orchestrator',
          harness: 'claude-code',
          activity_state: 'exited',
          activity_last_at: '2026-06-08 08:00:00 +0000 UTC',
          is_terminated: 1,
          branch: 'ao/orchestrator',
          workspace_path: '/home/dev/.ao/data/worktrees/agent-orchestrator/orchestrator/ao-orchestrator',
          runtime_handle_id: '',
          agent_session_id: 'uuid-o',
          prompt: '',
          created_at: '2026-06-01 10:00:00 +0000 UTC',
          updated_at: '2026-06-01 10:00:00 +0000 UTC',
          display_name: '',
          first_signal_at: '2026-06-08 08:00:00 +0000 UTC',
        },
        legacyWorktree: '/wt/ao-orchestrator',
        claudeSessionUuid: 'uuid-o',
        resume: { resumable: true, reasons: [] },
        notes: [sessionNote('ao-orchestrator', "lifecycle.session.lastTransitionAt 'soon' is not a valid time; ignored.")],
      },
      {
        id: 'ao-feature',
        projectId: 'agent-orchestrator',
        kind: 'worker',
        harness: 'opencode',
        agent: 'opencode',
        action: 'create',
        row: {
          id: 'ao-feature',
          project_id: 'agent-orchestrator',
          num: 10,
          issue_id: '',
          kind: 'worker',
          harness: 'opencode',
          activity_state: 'exited',
          activity_last_at: '2026-06-02 00:00:00 +0000 UTC',
          is_terminated: 1,
          branch: '',
          workspace_path: '/home/dev/.ao/data/worktrees/agent-orchestrator/ao-feature',
          runtime_handle_id: '',
          agent_session_id: 'ses_feat',
          prompt: 'Add feature',
          created_at: '2026-06-02 00:00:00 +0000 UTC',
          updated_at: '2026-06-02 00:00:00 +0000 UTC',
          display_name: '',
          first_signal_at: '2026-06-02 00:00:00 +0000 UTC',
        },
        legacyWorktree: '/wt/ao-feature',
        resume: { resumable: false, reasons: ['No branch is recorded, so restore cannot create its worktree.'] },
        notes: [sessionNote('ao-feature', "num 10 assigned: its id is neither 'ao-<N>' nor 'ao-orchestrator'.")],
      },
      {
        id: 'ao-9',
        projectId: 'dup',
        kind: 'worker',
        harness: 'claude-code',
        agent: 'claude-code',
        action: 'create',
        row: {
          id: 'ao-9',
          project_id: 'agent-orchestrator',
          num: 9,
          issue_id: '',
          kind: 'worker',
          harness: 'claude-code',
          activity_state: 'exited',
          activity_last_at: '2026-06-03 00:00:00 +0000 UTC',
          is_terminated: 1,
          branch: 'ao/9',
          // Adopted: the worktree is managed under the adopting project.
          workspace_path: '/home/dev/.ao/data/worktrees/agent-orchestrator/ao-9',
          runtime_handle_id: '',
          agent_session_id: '',
          prompt: '',
          created_at: '2026-06-03 00:00:00 +0000 UTC',
          updated_at: '2026-06-03 00:00:00 +0000 UTC',
          display_name: '',
          first_signal_at: '2026-06-03 00:00:00 +0000 UTC',
        },
        legacyWorktree: '/wt/ao-9',
        resume: {
          resumable: false,
          reasons: ['It has no Claude session id, so the rewrite would resume an unknown conversation.'],
        },
        notes: [],
      },
      {
        id: 'ao-1-7',
        projectId: 'widgets',
        kind: 'worker',
        harness: 'aider',
        agent: 'aider',
        action: 'create',
        row: {
          id: 'ao-1-7',
          project_id: 'widgets',
          num: 7,
          issue_id: '',
          kind: 'worker',
          harness: 'aider',
          activity_state: 'exited',
          activity_last_at: '2026-06-04 04:04:04.4 +0000 UTC',
          is_terminated: 1,
          branch: 'w/7',
          workspace_path: '/home/dev/.ao/data/worktrees/widgets/ao-1-7',
          runtime_handle_id: '',
          agent_session_id: '',
          prompt: 'Polish widgets',
          created_at: '2026-06-04 04:04:04.4 +0000 UTC',
          updated_at: '2026-06-04 04:04:04.4 +0000 UTC',
          display_name: '',
          first_signal_at: '2026-06-04 04:04:04.4 +0000 UTC',
        },
        legacyWorktree: '/wt/ao-1-7',
        // aider has no id to resume from: restore would start it afresh from its prompt.
        resume: {
          resumable: false,
          reasons: ['There is no agent session id to resume: restore would start the task again from its prompt.'],
          restartsFromPrompt: true,
        },
        notes: [sessionNote('ao-1-7', "codexModel 'o3' has no column in the rewrite; dropped.")],
      },
      {
        // Its id is agent-orchestrator's ao-2's: it gets the next free one of its own project, not a skip.
        id: 'ao-1-8',
        legacyId: 'ao-2',
        projectId: 'widgets',
        kind: 'worker',
        harness: 'aider',
        agent: 'aider',
        action: 'create',
        row: {
          id: 'ao-1-8',
          project_id: 'widgets',
          num: 8,
          issue_id: '',
          kind: 'worker',
          harness: 'aider',
          activity_state: 'exited',
          activity_last_at: '2026-06-04 00:00:00 +0000 UTC',
          is_terminated: 1,
          branch: '',
          // The managed worktree of its new id.
          workspace_path: '/home/dev/.ao/data/worktrees/widgets/ao-1-8',
          runtime_handle_id: '',
          agent_session_id: '',
          prompt: '',
          created_at: '2026-06-04 00:00:00 +0000 UTC',
          updated_at: '2026-06-04 00:00:00 +0000 UTC',
          display_name: '',
          first_signal_at: '2026-06-04 00:00:00 +0000 UTC',
        },
        resume: {
          resumable: false,
          reasons: [
            'No branch is recorded, so restore cannot create its worktree.',
            'Neither an agent session id nor a prompt is recorded, so restore has nothing to resume or start from.',
          ],
        },
        // Its legacy agent ran under its legacy id.
        legacyTmuxName: 'ao-2',
        notes: [
          sessionNote(
            'ao-1-8',
            "Was ao-2 in legacy; that id belongs to project 'agent-orchestrator' " +
              '(/home/dev/.agent-orchestrator/projects/agent-orchestrator/sessions/ao-1.json), so this session becomes ao-1-8.',
          ),
        ],
      },
      {
        id: 'bad-1',
        projectId: 'bad..id',
        kind: 'worker',
        harness: 'claude-code',
        action: 'skip',
        reason: `project 'bad..id' is not migrated: ${BAD_ID_REASON}`,
        resume: { resumable: false, reasons: [`Not migrated (project 'bad..id' is not migrated: ${BAD_ID_REASON}).`] },
        notes: [],
      },
      {
        id: 'ghost-1',
        projectId: 'ghost',
        kind: 'worker',
        harness: 'codex',
        action: 'skip',
        reason: "project 'ghost' is not in the registry",
        resume: { resumable: false, reasons: ["Not migrated (project 'ghost' is not in the registry)."] },
        notes: [],
      },
    ];
    expect(plan.sessions).toEqual(expected);
  });

  it('survives a JSON round trip unchanged, with absent optionals omitted', () => {
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
    const skipped = plan.sessions.find((session) => session.id === 'ao-3');
    expect(Object.keys(skipped ?? {})).not.toContain('row');
    expect(Object.keys(skipped ?? {})).not.toContain('legacyWorktree');
  });

  it('assigns the same nums whatever the order of the session files', () => {
    const numsById = (sessions: PlannedSession[]) =>
      Object.fromEntries(sessions.filter((s) => s.row).map((s) => [`${s.projectId}/${s.id}`, s.row?.num]));
    const reversed = planMigration({ ...snapshot, sessions: [...snapshot.sessions].reverse() }, options);
    expect(numsById(reversed.sessions)).toEqual(numsById(plan.sessions));
  });

  it('gives `<prefix>-orchestrator-2` a fallback beside worker `<prefix>-2`, in either order', () => {
    for (const ids of [
      ['ao-orchestrator-2', 'ao-2'],
      ['ao-2', 'ao-orchestrator-2'],
    ]) {
      const small: LegacySnapshot = {
        ...snapshot,
        projects: [legacyProject({ sessionPrefix: 'ao', registeredAtEpochSeconds: 1_780_000_000 })],
        sessions: ids.map((id) => legacySession({ id, agent: 'codex' })),
      };
      const nums = planMigration(small, options).sessions.map((session) => [session.id, session.row?.num]);
      expect(Object.fromEntries(nums)).toEqual({ 'ao-2': 2, 'ao-orchestrator-2': 3 });
    }
  });

  describe('live mode', () => {
    const live = planMigration(snapshot, { ...options, mode: 'live' });

    it('writes rows that are not terminated, with the legacy activity', () => {
      const rows = live.sessions.flatMap((session) => (session.row ? [session.row] : []));
      expect(rows.map((row) => [row.id, row.is_terminated, row.activity_state])).toEqual([
        ['ao-orchestrator-2', 0, 'idle'],
        ['ao-2', 0, 'active'],
        ['ao-orchestrator', 0, 'idle'],
        ['ao-feature', 0, 'idle'],
        ['ao-9', 0, 'idle'],
        ['ao-1-7', 0, 'idle'],
        ['ao-1-8', 0, 'idle'],
      ]);
    });

    it('says that no live row can be restored', () => {
      expect(live.mode).toBe('live');
      for (const session of live.sessions.filter((s) => s.action === 'create')) {
        expect(session.resume.resumable).toBe(false);
        expect(session.resume.reasons[0]).toContain('terminates it at its next start');
      }
    });

    it("warns in the plan's notes that today's daemon terminates live rows at its next start", () => {
      expect(live.notes).toContainEqual({ scope: 'store', id: snapshot.root, message: expect.stringContaining('restorable (the default) is the useful mode') });
      expect(plan.notes.some((note) => note.message.includes('--mode live'))).toBe(false);
    });
  });
});
