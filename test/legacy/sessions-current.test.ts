import * as fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLegacyStore, lifecycleV2, type LegacyStore, sessionRecord } from '../../src/testing/legacy-store-builder.js';
import { notesAbout, readStore } from './read-store.js';

let store: LegacyStore;
beforeEach(() => {
  store = createLegacyStore();
  store.writeRegistry({ projects: { app: { path: '/srv/app', sessionPrefix: 'app' } } });
});
afterEach(() => store.cleanup());

const sessions = () => readStore(store).sessions;

describe('current-layout session records', () => {
  it('reads the fields the migration uses, with the file stem as id', () => {
    const file = store.writeSession(
      'app',
      'app-3',
      sessionRecord({
        project: 'app',
        branch: 'feat/login',
        worktree: '/home/u/.agent-orchestrator/projects/app/worktrees/app-3',
        issue: 'INT-42',
        userPrompt: 'Fix login',
        displayName: 'Login fix',
        createdAt: '2026-06-10T09:15:02.123Z',
        claudeSessionUuid: '0f6c4c1e-2a55-4a42-9a53-6f0f1d9c2b11',
        codexModel: 'o3',
        restoreFallbackReason: 'no-transcript',
        pr: { number: 7 }, // unknown keys are normal
      }),
    );
    const [session] = sessions();
    expect(session).toEqual({
      id: 'app-3',
      projectId: 'app',
      file,
      layout: 'current',
      fileMtime: fs.statSync(file).mtime,
      agent: 'claude-code',
      branch: 'feat/login',
      worktree: '/home/u/.agent-orchestrator/projects/app/worktrees/app-3',
      issue: 'INT-42',
      userPrompt: 'Fix login',
      displayName: 'Login fix',
      createdAt: '2026-06-10T09:15:02.123Z',
      claudeSessionUuid: '0f6c4c1e-2a55-4a42-9a53-6f0f1d9c2b11',
      codexModel: 'o3',
      restoreFallbackReason: 'no-transcript',
      status: 'working',
      lifecycle: {
        session: {
          kind: 'worker',
          state: 'working',
          reason: 'task_in_progress',
          startedAt: '2026-06-10T09:15:03.000Z',
          terminatedAt: null,
          lastTransitionAt: '2026-06-10T09:40:00.000Z',
        },
        runtime: { state: 'alive', reason: 'process_running', lastObservedAt: '2026-06-10T09:41:00.000Z', tmuxName: 'ao-tmux-session' },
      },
      tmuxName: 'ao-tmux-session', // the legacy agent's tmux session, from the lifecycle's runtime
    });
  });

  it('reads orchestrators, codex and opencode fields', () => {
    store.writeSession(
      'app',
      'app-orchestrator',
      sessionRecord({ role: 'orchestrator', agent: 'codex', codexThreadId: 'th_123', claudeSessionUuid: undefined }),
    );
    store.writeSession(
      'app',
      'app-2',
      sessionRecord({ agent: 'opencode', opencodeSessionId: 'ses_abc', opencodeCleanedAt: '2026-06-11T00:00:00Z' }),
    );
    const [worker, orchestrator] = sessions();
    expect(orchestrator).toMatchObject({ id: 'app-orchestrator', role: 'orchestrator', agent: 'codex', codexThreadId: 'th_123' });
    expect(orchestrator?.claudeSessionUuid).toBeUndefined();
    expect(worker).toMatchObject({ opencodeSessionId: 'ses_abc', opencodeCleanedAt: '2026-06-11T00:00:00Z' });
  });

  it('decodes lifecycle given as JSON text, and its session/runtime parts given as JSON text (two levels)', () => {
    const lifecycle = lifecycleV2({ state: 'needs_input' });
    const inner = { ...lifecycle, session: JSON.stringify(lifecycle['session']), runtime: JSON.stringify(lifecycle['runtime']) };
    store.writeSession('app', 'app-1', sessionRecord({ lifecycle: JSON.stringify(inner) }));
    const [session] = sessions();
    expect(session?.lifecycle?.session?.state).toBe('needs_input');
    expect(session?.lifecycle?.runtime?.lastObservedAt).toBe('2026-06-10T09:41:00.000Z');
  });

  it('reads statePayload only with stateVersion 2 (text or number), and lifecycle wins over it', () => {
    const payload = lifecycleV2({ state: 'idle' });
    store.writeSession('app', 'app-1', sessionRecord({ lifecycle: undefined, stateVersion: '2', statePayload: JSON.stringify(payload) }));
    store.writeSession('app', 'app-2', sessionRecord({ lifecycle: undefined, stateVersion: 2, statePayload: payload }));
    store.writeSession('app', 'app-3', sessionRecord({ lifecycle: undefined, stateVersion: '1', statePayload: payload }));
    store.writeSession('app', 'app-4', sessionRecord({ stateVersion: 2, statePayload: lifecycleV2({ state: 'done' }) }));
    const snapshot = readStore(store);
    expect(snapshot.sessions.map((s) => [s.id, s.lifecycle?.session?.state])).toEqual([
      ['app-1', 'idle'],
      ['app-2', 'idle'],
      ['app-3', undefined],
      ['app-4', 'working'],
    ]);
    expect(notesAbout(snapshot, 'statePayload ignored')).toEqual([expect.objectContaining({ scope: 'session', id: 'app-3' })]);
  });

  it('keeps a stale status beside a lifecycle, and a status-only record', () => {
    store.writeSession('app', 'app-1', sessionRecord({ status: 'killed' }));
    store.writeSession('app', 'app-2', sessionRecord({ status: 'merged', lifecycle: undefined }));
    expect(sessions().map((s) => [s.status, s.lifecycle?.session?.state])).toEqual([
      ['killed', 'working'],
      ['merged', undefined],
    ]);
  });

  it('sets top-level terminatedAt when it is non-null, and not when it is null', () => {
    store.writeSession('app', 'app-1', sessionRecord({ terminatedAt: '2026-06-12T10:00:00.000Z' }));
    store.writeSession('app', 'app-2', sessionRecord({ terminatedAt: null }));
    store.writeSession('app', 'app-3', sessionRecord({ terminatedAt: 1781258400000 }));
    // Empty text marks nothing: a live session must not be taken for a terminated one.
    store.writeSession('app', 'app-4', sessionRecord({ terminatedAt: '' }));
    expect(sessions().map((s) => s.terminatedAt)).toEqual([
      '2026-06-12T10:00:00.000Z',
      undefined,
      '1781258400000',
      undefined,
    ]);
  });

  it('keeps a non-null lifecycle terminatedAt', () => {
    store.writeSession('app', 'app-1', sessionRecord({ lifecycle: lifecycleV2({ terminatedAt: '2026-06-12T10:00:00.000Z' }) }));
    expect(sessions()[0]?.lifecycle?.session?.terminatedAt).toBe('2026-06-12T10:00:00.000Z');
  });

  it('uses the owning directory when `project` is missing', () => {
    store.writeSession('app', 'app-1', sessionRecord());
    expect(sessions()[0]?.projectId).toBe('app');
  });

  it('reads a tracker issue number as text', () => {
    store.writeSession('app', 'app-1', sessionRecord({ issue: 118 }));
    expect(sessions()[0]?.issue).toBe('118');
  });

  it('treats fields of the wrong type as absent, each with a session note', () => {
    store.writeSession(
      'app',
      'app-1',
      sessionRecord({
        branch: 42,
        agent: {},
        createdAt: false,
        lifecycle: { session: { state: 7, lastTransitionAt: '2026-06-10T09:40:00.000Z' }, runtime: 'not json' },
      }),
    );
    const snapshot = readStore(store);
    const [session] = snapshot.sessions;
    expect(session).toBeDefined();
    expect(session?.branch).toBeUndefined();
    expect(session?.agent).toBeUndefined();
    expect(session?.createdAt).toBeUndefined();
    expect(session?.userPrompt).toBe('Fix the flaky login test');
    expect(session?.lifecycle).toEqual({ session: { lastTransitionAt: '2026-06-10T09:40:00.000Z' } });
    for (const field of ['branch', 'agent', 'createdAt', 'lifecycle.session.state', 'lifecycle.runtime']) {
      expect(notesAbout(snapshot, `${field} ignored`), field).toEqual([expect.objectContaining({ scope: 'session', id: 'app-1' })]);
    }
  });

  it('keeps sessions of projects that are not in the registry', () => {
    store.writeSession('ghost', 'gh-1', sessionRecord());
    store.writeSession('app', 'app-1', sessionRecord());
    expect(sessions().map((s) => [s.projectId, s.id])).toEqual([
      ['app', 'app-1'],
      ['ghost', 'gh-1'],
    ]);
  });

  it('sorts sessions by project, then id', () => {
    for (const [project, id] of [
      ['b', 'b-2'],
      ['a', 'a-10'],
      ['b', 'b-1'],
      ['a', 'a-9'],
    ] as const) {
      store.writeSession(project, id, sessionRecord());
    }
    expect(sessions().map((s) => s.id)).toEqual(['a-10', 'a-9', 'b-1', 'b-2']);
  });
});
