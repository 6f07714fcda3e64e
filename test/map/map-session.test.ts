import { describe, expect, it } from 'vitest';
import type { AgentDefaults, LegacySession } from '../../src/core/legacy/types.js';
import { type SessionMapContext, mapSession } from '../../src/core/map/map-session.js';
import { legacyProject, legacySession } from './legacy-builders.js';

const context: SessionMapContext = {
  project: legacyProject({ sessionPrefix: 'ao' }),
  projectRowId: 'agent-orchestrator',
  sessionPrefix: 'ao',
  daemonSessionPrefix: 'ao',
  dataDir: '/home/dev/.ao/data',
  defaults: {},
  mode: 'restorable',
  takenNums: new Set(),
  now: new Date('2026-07-01T12:00:00.000Z'),
};

function created(session: LegacySession, overrides: Partial<SessionMapContext> = {}) {
  const mapping = mapSession(session, { ...context, ...overrides });
  if (mapping.action !== 'create') throw new Error(`expected a row, got skip: ${mapping.reason}`);
  return mapping;
}

const messages = (mapping: { notes: { message: string }[] }) => mapping.notes.map((note) => note.message);

describe('mapSession', () => {
  it('maps a full claude-code worker to its row (restorable mode)', () => {
    const mapping = created(
      legacySession({
        id: 'ao-12',
        agent: 'claude-code',
        branch: 'feat/login',
        worktree: '/home/dev/.agent-orchestrator/projects/agent-orchestrator/worktrees/ao-12',
        issue: 'ACME-42',
        userPrompt: 'Fix the login form',
        displayName: 'Login fix',
        createdAt: '2026-06-10T09:15:02.123Z',
        claudeSessionUuid: '0f1e2d3c-aaaa-bbbb-cccc-000000000001',
        lifecycle: {
          session: { state: 'working', startedAt: '2026-06-10T09:15:03Z', lastTransitionAt: '2026-06-11T10:00:00.5Z' },
          runtime: { lastObservedAt: '2026-06-11T10:05:00Z' },
        },
      }),
    );
    expect(mapping.row).toEqual({
      id: 'ao-12',
      project_id: 'agent-orchestrator',
      num: 12,
      issue_id: 'ACME-42',
      kind: 'worker',
      harness: 'claude-code',
      activity_state: 'exited',
      activity_last_at: '2026-06-11 10:00:00.5 +0000 UTC',
      is_terminated: 1,
      branch: 'feat/login',
      // The daemon's managed worktree, not the legacy one (rewrite-today §3).
      workspace_path: '/home/dev/.ao/data/worktrees/agent-orchestrator/ao-12',
      runtime_handle_id: '',
      agent_session_id: '0f1e2d3c-aaaa-bbbb-cccc-000000000001',
      prompt: 'Fix the login form',
      created_at: '2026-06-10 09:15:02.123 +0000 UTC',
      updated_at: '2026-06-11 10:00:00.5 +0000 UTC',
      display_name: 'Login fix',
      first_signal_at: '2026-06-11 10:00:00.5 +0000 UTC',
    });
    expect(mapping.kind).toBe('worker');
    expect(mapping.harness).toBe('claude-code');
    expect(mapping.notes).toEqual([]);
  });

  it('fills absent text columns with empty strings', () => {
    const { row } = created(legacySession({ agent: 'codex' }));
    expect(row).toMatchObject({ issue_id: '', branch: '', agent_session_id: '', prompt: '', display_name: '' });
  });

  it("names the managed worktree: a worker's own, and the one every orchestrator of the project shares", () => {
    expect(created(legacySession({ id: 'ao-7', agent: 'codex' })).row.workspace_path).toBe('/home/dev/.ao/data/worktrees/agent-orchestrator/ao-7');
    for (const id of ['ao-orchestrator', 'ao-orchestrator-2']) {
      expect(created(legacySession({ id, agent: 'codex' }), { daemonSessionPrefix: 'agent-orches' }).row.workspace_path).toBe(
        '/home/dev/.ao/data/worktrees/agent-orchestrator/orchestrator/agent-orches-orchestrator',
      );
    }
  });

  describe('kind', () => {
    it.each([
      [{ id: 'ao-orchestrator' }, 'orchestrator'],
      [{ id: 'ao-orchestrator-3' }, 'orchestrator'],
      [{ id: 'boss', role: 'orchestrator' }, 'orchestrator'],
      [{ id: 'ao-3' }, 'worker'],
      [{ id: 'web-orchestrator' }, 'worker'], // another prefix's orchestrator name
    ])('%o → %s', (fields, kind) => {
      expect(mapSession(legacySession({ agent: 'codex', ...fields }), context).kind).toBe(kind);
    });
  });

  describe('activity by mode', () => {
    it('restorable: every live state becomes a terminated, exited row', () => {
      const { row } = created(legacySession({ agent: 'codex', lifecycle: { session: { state: 'needs_input' } } }));
      expect(row).toMatchObject({ is_terminated: 1, activity_state: 'exited' });
    });

    it.each([
      ['working', 'active'],
      ['needs_input', 'waiting_input'],
      ['not_started', 'idle'],
      ['idle', 'idle'],
      ['detecting', 'idle'],
      ['stuck', 'idle'],
      ['something-new', 'idle'],
    ])('live: state %s → %s, not terminated', (state, activity) => {
      const { row } = created(legacySession({ agent: 'codex', lifecycle: { session: { state } } }), { mode: 'live' });
      expect(row).toMatchObject({ is_terminated: 0, activity_state: activity, runtime_handle_id: '' });
    });

    it("live: 0.2.x's `starting` (written by its bash scripts) is working, so active", () => {
      expect(created(legacySession({ agent: 'codex', status: 'starting' }), { mode: 'live' }).row.activity_state).toBe('active');
    });

    it('live: the legacy status speaks only for records without a lifecycle', () => {
      expect(created(legacySession({ agent: 'codex', status: 'working' }), { mode: 'live' }).row.activity_state).toBe(
        'active',
      );
      const stale = legacySession({ agent: 'codex', status: 'working', lifecycle: { session: { state: 'idle' } } });
      expect(created(stale, { mode: 'live' }).row.activity_state).toBe('idle');
    });
  });

  describe('terminal sessions are skipped', () => {
    it.each<[Partial<LegacySession>, string]>([
      [{ lifecycle: { session: { state: 'done' } } }, 'terminal: state done'],
      [{ lifecycle: { session: { state: 'terminated' } } }, 'terminal: state terminated'],
      [{ lifecycle: { session: { state: 'idle', terminatedAt: '2026-06-01T00:00:00Z' } } }, 'terminal: lifecycle terminatedAt is set'],
      [{ terminatedAt: '2026-06-01T00:00:00Z', lifecycle: { session: { state: 'working' } } }, 'terminal: terminatedAt is set'],
      [{ status: 'killed' }, 'terminal: status killed'],
      [{ status: 'merged' }, 'terminal: status merged'],
    ])('%o → %s', (fields, reason) => {
      const mapping = mapSession(legacySession({ agent: 'codex', ...fields }), context);
      expect(mapping).toMatchObject({ action: 'skip', reason, kind: 'worker', harness: 'codex' });
    });

    it('keeps a session whose stale status says killed but whose lifecycle is live', () => {
      const session = legacySession({ agent: 'codex', status: 'killed', lifecycle: { session: { state: 'working' } } });
      expect(mapSession(session, context).action).toBe('create');
    });

    it('keeps a session with a null lifecycle terminatedAt', () => {
      const session = legacySession({ agent: 'codex', lifecycle: { session: { state: 'idle', terminatedAt: null } } });
      expect(mapSession(session, context).action).toBe('create');
    });
  });

  it('skips an id the daemon could not use as a path segment', () => {
    const mapping = mapSession(legacySession({ id: '../ao-1', agent: 'codex' }), context);
    expect(mapping.action).toBe('skip');
  });

  describe('harness', () => {
    const behaviour = {
      agent: 'aider',
      worker: { agent: 'codex' },
      orchestrator: { agent: 'opencode' },
      droppedKeys: [],
    };
    const defaults: AgentDefaults = { agent: 'goose', workerAgent: 'cursor', orchestratorAgent: 'amp' };
    const project = legacyProject({ sessionPrefix: 'ao', behaviour });

    it("uses the session's own agent without a note", () => {
      const mapping = created(legacySession({ agent: 'crush', createdAt: '2026-06-03T00:00:00Z' }), { project, defaults });
      expect(mapping.harness).toBe('crush');
      expect(mapping.notes).toEqual([]);
    });

    it("falls back to the project's role agent, per kind", () => {
      expect(created(legacySession({ id: 'ao-1' }), { project, defaults }).harness).toBe('codex');
      expect(created(legacySession({ id: 'ao-orchestrator' }), { project, defaults }).harness).toBe('opencode');
    });

    it("then to the project's agent", () => {
      const plain = legacyProject({ sessionPrefix: 'ao', behaviour: { agent: 'aider', droppedKeys: [] } });
      const mapping = created(legacySession(), { project: plain, defaults });
      expect(mapping.harness).toBe('aider');
      expect(messages(mapping)).toContain("No agent recorded in the session; harness 'aider' from the project's agent.");
    });

    it("then to the registry's default role agent, then its default agent", () => {
      expect(created(legacySession({ id: 'ao-1' }), { defaults }).harness).toBe('cursor');
      expect(created(legacySession({ id: 'ao-orchestrator' }), { defaults }).harness).toBe('amp');
      expect(created(legacySession({ id: 'ao-1' }), { defaults: { agent: 'goose' } }).harness).toBe('goose');
    });

    it('gives an unknown agent an empty harness with a note, never another agent in its place', () => {
      const mapping = created(legacySession({ agent: 'gemini' }), { project, defaults });
      expect(mapping.harness).toBe('');
      expect(mapping.row.harness).toBe('');
      expect(mapping.agent).toBe('gemini');
      expect(messages(mapping).some((message) => message.includes("Agent 'gemini' (from the session)"))).toBe(true);
    });

    it('an unknown agent found along the fallbacks is the one that ran the session: not swapped either', () => {
      const gemini = legacyProject({ sessionPrefix: 'ao', behaviour: { agent: 'gemini', droppedKeys: [] } });
      const mapping = created(legacySession({ claudeSessionUuid: 'u-1' }), { project: gemini, defaults: { agent: 'codex' } });
      expect(mapping).toMatchObject({ harness: '', agent: 'gemini' });
    });

    it("with no agent anywhere, takes the agent whose id the record carries", () => {
      expect(created(legacySession({ claudeSessionUuid: 'u-1' })).harness).toBe('claude-code');
      expect(created(legacySession({ codexThreadId: 't-1' })).harness).toBe('codex');
      expect(created(legacySession({ opencodeSessionId: 'ses_1' })).harness).toBe('opencode');
    });

    it('notes when no agent is recorded anywhere', () => {
      const mapping = created(legacySession());
      expect(mapping.harness).toBe('');
      expect(mapping.agent).toBeUndefined();
      expect(messages(mapping)[0]).toContain('No agent is recorded');
    });
  });

  describe('agent_session_id', () => {
    it('codex → codexThreadId', () => {
      expect(created(legacySession({ agent: 'codex', codexThreadId: 'thr-1', claudeSessionUuid: 'u' })).row.agent_session_id)
        .toBe('thr-1');
    });

    it('opencode → a valid, not purged ses_ id', () => {
      expect(created(legacySession({ agent: 'opencode', opencodeSessionId: 'ses_Ab-9_z' })).row.agent_session_id).toBe(
        'ses_Ab-9_z',
      );
    });

    it('opencode: an id that is not ses_… is left out, with a note', () => {
      const mapping = created(legacySession({ agent: 'opencode', opencodeSessionId: 'session-42' }));
      expect(mapping.row.agent_session_id).toBe('');
      expect(messages(mapping)[0]).toContain("'session-42'");
    });

    it('opencode: a purged id is left out, with a note', () => {
      const mapping = created(
        legacySession({ agent: 'opencode', opencodeSessionId: 'ses_abc', opencodeCleanedAt: '2026-06-02T00:00:00Z' }),
      );
      expect(mapping.row.agent_session_id).toBe('');
      expect(messages(mapping)[0]).toContain('purged');
    });

    it('claude-code without a recorded id: the inferred transcript, with a note naming the other candidates', () => {
      const inferred = created(
        legacySession({
          agent: 'claude-code',
          claudeInference: { uuid: 'newest', bucket: '/c/projects/-wt', otherCandidates: ['older', 'oldest'] },
        }),
      );
      expect(inferred.row.agent_session_id).toBe('newest');
      expect(messages(inferred)[0]).toMatch(
        /inferred newest, the newest transcript \(not agent-\*\) in \/c\/projects\/-wt.*other candidates there: older, oldest\.$/,
      );
      const checkout = created(
        legacySession({
          agent: 'claude-code',
          claudeInference: { uuid: 'mine', bucket: '/c/projects/-repo', otherCandidates: [], writtenAfter: '2026-06-01T00:00:00Z' },
        }),
      );
      expect(messages(checkout)[0]).toMatch(/it is the only one\. Only transcripts written after the session started \(2026-06-01T00:00:00Z\) counted/);
      const none = created(legacySession({ agent: 'claude-code', claudeInference: { reason: 'there is no transcript in /b' } }));
      expect(none.row.agent_session_id).toBe('');
      expect(messages(none)[0]).toBe('No claudeSessionUuid is recorded, and none could be inferred: there is no transcript in /b.');
    });

    it('a recorded claudeSessionUuid wins over an inference, and other harnesses ignore it', () => {
      const inference = { uuid: 'inferred', bucket: '/b', otherCandidates: [] };
      expect(created(legacySession({ agent: 'claude-code', claudeSessionUuid: 'recorded', claudeInference: inference })).row.agent_session_id).toBe(
        'recorded',
      );
      expect(created(legacySession({ agent: 'aider', claudeInference: inference })).row.agent_session_id).toBe('');
    });

    it('other harnesses have none', () => {
      expect(created(legacySession({ agent: 'aider', claudeSessionUuid: 'u', codexThreadId: 't' })).row.agent_session_id)
        .toBe('');
    });
  });

  describe('timestamps', () => {
    // The builder's file mtime is 2026-06-01T08:00:00.000Z.
    it('activity_last_at: lastTransitionAt → lastObservedAt → createdAt → file mtime, invalid ones falling through', () => {
      const lifecycle = (lastTransitionAt?: string, lastObservedAt?: string) => ({
        session: { state: 'idle', ...(lastTransitionAt ? { lastTransitionAt } : {}) },
        runtime: lastObservedAt ? { lastObservedAt } : {},
      });
      const at = (fields: Partial<LegacySession>) => created(legacySession({ agent: 'codex', ...fields })).row;

      expect(at({ lifecycle: lifecycle('bad', '2026-06-05T05:05:05Z'), createdAt: '2026-06-03T00:00:00Z' }).activity_last_at)
        .toBe('2026-06-05 05:05:05 +0000 UTC');
      expect(at({ lifecycle: lifecycle(undefined, 'bad'), createdAt: '2026-06-03T00:00:00Z' }).activity_last_at).toBe(
        '2026-06-03 00:00:00 +0000 UTC',
      );
      const fromMtime = at({ lifecycle: lifecycle('bad', 'worse'), createdAt: 'never' });
      expect(fromMtime.activity_last_at).toBe('2026-06-01 08:00:00 +0000 UTC');
      expect(fromMtime.first_signal_at).toBe(fromMtime.activity_last_at);
    });

    it('created_at: createdAt → lifecycle startedAt → file mtime, with notes', () => {
      const fromStart = created(
        legacySession({ agent: 'codex', createdAt: '2026-02-30T10:00:00Z', lifecycle: { session: { startedAt: '2026-06-02T02:00:00Z' } } }),
      );
      expect(fromStart.row.created_at).toBe('2026-06-02 02:00:00 +0000 UTC');
      expect(messages(fromStart)).toEqual([
        "createdAt '2026-02-30T10:00:00Z' is not a valid time; ignored.",
        'created_at taken from lifecycle.session.startedAt.',
      ]);

      const fromMtime = created(legacySession({ agent: 'codex' }));
      expect(fromMtime.row.created_at).toBe('2026-06-01 08:00:00 +0000 UTC');
      expect(messages(fromMtime)).toEqual(['created_at taken from the file mtime.']);
    });

    it('updated_at: lastTransitionAt → createdAt → file mtime (lastObservedAt is not in this chain)', () => {
      const row = (fields: Partial<LegacySession>) => created(legacySession({ agent: 'codex', ...fields })).row;
      expect(
        row({
          createdAt: '2026-06-03T00:00:00Z',
          lifecycle: { session: { lastTransitionAt: 'nope' }, runtime: { lastObservedAt: '2026-06-09T00:00:00Z' } },
        }).updated_at,
      ).toBe('2026-06-03 00:00:00 +0000 UTC');
      expect(row({ lifecycle: { runtime: { lastObservedAt: '2026-06-09T00:00:00Z' } } }).updated_at).toBe(
        '2026-06-01 08:00:00 +0000 UTC',
      );
    });

    it('updated_at and activity_last_at: restoredAt and escalatedAt (the newer) before createdAt, the file mtime first when newer still', () => {
      const row = (fields: Partial<LegacySession>) =>
        created(legacySession({ agent: 'codex', createdAt: '2026-05-01T00:00:00Z', fileMtime: new Date('2026-05-20T00:00:00Z'), ...fields })).row;
      const restored = row({ restoredAt: '2026-05-10T00:00:00Z', escalatedAt: '2026-05-12T00:00:00Z' });
      expect([restored.updated_at, restored.activity_last_at]).toEqual(['2026-05-20 00:00:00 +0000 UTC', '2026-05-20 00:00:00 +0000 UTC']);
      const escalatedLater = row({ restoredAt: '2026-05-10T00:00:00Z', escalatedAt: '2026-05-25T00:00:00Z' });
      expect([escalatedLater.updated_at, escalatedLater.activity_last_at]).toEqual(['2026-05-25 00:00:00 +0000 UTC', '2026-05-25 00:00:00 +0000 UTC']);
      expect(row({}).updated_at).toBe('2026-05-01 00:00:00 +0000 UTC'); // neither: createdAt, as before
      expect(row({ restoredAt: '2026-05-10T00:00:00Z' }).created_at).toBe('2026-05-01 00:00:00 +0000 UTC');
      const lifecycle = row({ restoredAt: '2026-05-25T00:00:00Z', lifecycle: { session: { lastTransitionAt: '2026-05-02T00:00:00Z' } } });
      expect(lifecycle.updated_at).toBe('2026-05-02 00:00:00 +0000 UTC'); // a lifecycle still comes first
      const bad = created(legacySession({ agent: 'codex', createdAt: '2026-05-01T00:00:00Z', restoredAt: 'later' }));
      expect(bad.row.updated_at).toBe('2026-05-01 00:00:00 +0000 UTC');
      expect(messages(bad)).toContain("restoredAt 'later' is not a valid time; ignored.");
    });

    it('last resort is now, when even the file mtime is unusable', () => {
      const { row } = created(legacySession({ agent: 'codex', fileMtime: new Date(Number.NaN) }));
      expect(row.created_at).toBe('2026-07-01 12:00:00 +0000 UTC');
    });
  });

  describe('num', () => {
    it('is the natural number, or above every taken one with a note', () => {
      expect(created(legacySession({ id: 'ao-5', agent: 'codex' }), { takenNums: new Set([1]) }).row.num).toBe(5);
      const moved = created(legacySession({ id: 'ao-5', agent: 'codex' }), { takenNums: new Set([5, 9]) });
      expect(moved.row.num).toBe(10);
      expect(messages(moved).some((message) => message.startsWith('num 10 assigned'))).toBe(true);
    });
  });

  it('notes codexModel and restoreFallbackReason as dropped', () => {
    const mapping = created(
      legacySession({ agent: 'codex', createdAt: '2026-06-03T00:00:00Z', codexModel: 'gpt-5', restoreFallbackReason: 'no-uuid' }),
    );
    expect(messages(mapping)).toEqual([
      "codexModel 'gpt-5' has no column in the rewrite; dropped.",
      "restoreFallbackReason 'no-uuid' has no column in the rewrite; dropped.",
    ]);
  });
});
