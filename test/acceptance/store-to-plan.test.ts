/**
 * Issue 2, "done when": a realistic legacy store on disk → `readLegacy()` →
 * `planMigration()`, checked field by field. Every expected value below was
 * worked out by hand from `legacy-store.md` and `migration-rules.md` (section
 * cited beside it), never copied from the code's output.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Git } from '../../src/core/effects/git.js';
import { readLegacy } from '../../src/core/legacy/read-legacy.js';
import type { LegacySnapshot } from '../../src/core/legacy/types.js';
import { planMigration } from '../../src/core/plan/plan-migration.js';
import type { MigrationPlan, PlannedSession } from '../../src/core/plan/types.js';
import {
  createLegacyStore,
  lifecycleV2,
  oldLayoutSessionFields,
  sessionRecord,
  type LegacyStore,
} from '../../src/testing/legacy-store-builder.js';

const NOW = new Date('2026-07-01T00:00:00.000Z');
const APP = 'my-app_3f9c2a1b7d';
const U = {
  ma2: 'a2a2a2a2-0000-4000-8000-000000000002',
  ma5: 'a5a5a5a5-0000-4000-8000-000000000005',
  ma8: 'a8a8a8a8-0000-4000-8000-000000000008',
  ma10: 'a1010101-0000-4000-8000-000000000010',
  orch: 'b0b0b0b0-0000-4000-8000-0000000000b0',
  orch2: 'b2b2b2b2-0000-4000-8000-0000000000b2',
  aoOrch: 'c0c0c0c0-0000-4000-8000-0000000000c0',
};

/** A git that knows no remote, so nothing here spawns the real one. */
const noGit: Git = { remoteOriginUrl: () => undefined };

/** A record with only what the test sets: `sessionRecord`'s defaults that matter are all overridden. */
function live(fields: Record<string, unknown>): Record<string, unknown> {
  return sessionRecord({ issue: undefined, userPrompt: undefined, claudeSessionUuid: undefined, agent: undefined, branch: undefined, ...fields });
}

const byId = (plan: MigrationPlan) => new Map(plan.sessions.map((s) => [s.id, s]));
const storeNotesFor = (snapshot: LegacySnapshot, file: string) =>
  snapshot.notes.filter((note) => note.scope === 'store' && note.id === file);

/** What the summary shows of a session that gets no row. */
function summaryOf(session: PlannedSession | undefined) {
  return { projectId: session?.projectId, kind: session?.kind, harness: session?.harness, resumable: session?.resume.resumable };
}

// ---------------------------------------------------------------------------
// Store 1: hybrid registry + per-repo files, both session layouts, every skip.
// ---------------------------------------------------------------------------
describe('store 1 (hybrid registry): store → plan, field by field', () => {
  let store: LegacyStore;
  let home: string;
  let snapshot: LegacySnapshot;
  let plan: MigrationPlan;
  const skipped: Record<string, string> = {};
  const wt = (id: string) => path.join(store.root, 'projects', APP, 'worktrees', id);
  /** The daemon's managed worktree of a session (rewrite-v12 §6), what every row names. */
  const managed = (projectId: string, ...rest: string[]) => path.join(home, '.ao', 'data', 'worktrees', projectId, ...rest);

  beforeAll(() => {
    store = createLegacyStore();
    home = store.home;
    store.repoPath('my-app');
    store.repoPath('ao-tools');
    const toolsPath = store.repoPath('tools');
    store.repoPath('bad');

    store.writeRegistry({
      extra: { port: 3000, notifiers: { desktop: { enabled: true } } },
      defaults: { agent: 'aider' },
      projects: {
        [APP]: {
          path: '~/code/my-app',
          displayName: 'My App (registry)',
          sessionPrefix: 'ma',
          defaultBranch: 'develop',
          repo: { owner: 'alice', name: 'my-app', platform: 'github', originUrl: 'git@github.com:alice/my-app.git' },
          registeredAt: 1780000000,
          source: 'cli',
          behaviour: {
            agent: 'claude-code',
            runtime: 'tmux',
            env: { ZED: 'last', API_URL: 'http://localhost:3000' },
            symlinks: ['.env'],
            postCreate: ['pnpm install'],
            agentConfig: { permissions: 'permissionless', model: 'opus', orchestratorModel: 'sonnet' },
            worker: { agent: 'codex' },
            orchestrator: { agentConfig: { permissions: 'auto-edit' } },
            tracker: { plugin: 'github' },
          },
        },
        'ao-tools': {
          path: '~/code/ao-tools',
          displayName: 'ao-tools',
          sessionPrefix: 'ao-1',
          repo: { owner: 'alice', name: 'ao-tools', platform: 'github' },
        },
        tools: {
          path: '~/code/tools',
          repo: { owner: 'alice', name: 'tools', platform: 'github', originUrl: 'https://github.com/alice/tools.git' },
          registeredAt: 1780100000,
          storageKey: '0123456789ab-tools',
        },
        'bad..id': { path: '~/code/bad', registeredAt: 1780000000 },
      },
    });
    store.writeBehaviourFile(path.join(home, 'code', 'ao-tools'), { agentConfig: { permissions: 'suggest' }, orchestrator: { agent: 'not-a-harness' } }, { ext: 'yml' });
    store.writeBehaviourFile(toolsPath, 'agent: [claude-code\nenv: {A: 1\n'); // malformed YAML → degraded
    store.writePortfolio({
      preferences: { [APP]: { displayName: 'My App', pinned: true } },
      registered: [{ path: path.join(home, 'code', 'ao-tools'), configProjectKey: 'ao-tools', addedAt: '2026-04-01T12:00:00.000Z' }],
    });

    // --- my-app, current layout ---
    store.writeSession(APP, 'ma-1', live({
      project: APP, codexThreadId: 'thread-ma-1', branch: 'feat/login', worktree: wt('ma-1'), issue: '101',
      userPrompt: 'Fix login', displayName: 'Login fix', createdAt: '2026-06-10T09:15:02.123Z',
      lifecycle: lifecycleV2({ state: 'working', lastTransitionAt: '2026-06-11T10:00:00.500Z' }),
    }));
    store.writeSession(APP, 'ma-2', live({ // no `project`: the owning directory says
      agent: 'claude-code', claudeSessionUuid: U.ma2, branch: 'feat/api', worktree: path.join(home, '.worktrees', APP, 'ma-2'),
      userPrompt: 'Build the API', createdAt: '2026-06-12T08:00:00Z',
      lifecycle: lifecycleV2({ state: 'needs_input', lastTransitionAt: '2026-06-12T09:00:00Z' }),
    }));
    const ma5 = store.writeSession(APP, 'ma-5', live({
      project: APP, agent: 'claude-code', claudeSessionUuid: U.ma5, branch: 'feat/five', worktree: wt('ma-5'), userPrompt: 'Five',
      createdAt: 'yesterday',
      lifecycle: lifecycleV2({ startedAt: '2026-06-05T05:05:05.005Z', lastTransitionAt: 'soon', runtimeLastObservedAt: '2026-06-06T06:06:06Z' }),
    }));
    fs.utimesSync(ma5, new Date('2026-06-07T07:07:07Z'), new Date('2026-06-07T07:07:07Z'));
    store.writeSession(APP, 'ma-8', live({ // partial record: a corrupt copy sits beside it
      project: APP, agent: 'claude-code', claudeSessionUuid: U.ma8, createdAt: '2026-06-08T08:00:00Z',
      lifecycle: lifecycleV2({ lastTransitionAt: '2026-06-08T08:30:00Z' }),
    }));
    skipped.corrupt = store.writeFile(`projects/${APP}/sessions/ma-8.json.corrupt-1781000000000`, '{"project": "my-app_3f9c2a1b7d", "agent": "claude-');
    store.writeSession(APP, 'ma-10', live({
      project: APP, agent: 'claude-code', claudeSessionUuid: U.ma10, branch: 'feat/ten', worktree: wt('ma-10'), userPrompt: 'Ten',
      createdAt: '2026-06-10T10:10:10Z', lifecycle: lifecycleV2({ lastTransitionAt: '2026-06-10T11:10:10Z' }),
    }));
    skipped.aliasShadowed = store.writeSession(APP, 'ma-10__from-0123456789ab', live({
      project: APP, agent: 'claude-code', claudeSessionUuid: U.ma10, branch: 'feat/ten-alias', worktree: wt('ma-10'),
      createdAt: '2026-06-10T10:10:10Z', lifecycle: lifecycleV2(),
    }));
    store.writeSession(APP, 'ma-11__from-0123456789ab', live({ // alias with no plain ma-11.json: read as ma-11
      project: APP, agent: 'codex', codexThreadId: 'thread-ma-11', branch: 'feat/eleven', worktree: wt('ma-11'), userPrompt: 'Eleven',
      createdAt: '2026-06-11T11:11:11Z', lifecycle: JSON.stringify(lifecycleV2({ lastTransitionAt: '2026-06-11T12:11:11Z' })),
    }));
    store.writeSession(APP, 'ma-orchestrator', live({ // no agent: project's orchestrator role has none → project agent
      project: APP, role: 'orchestrator', claudeSessionUuid: U.orch, branch: 'orchestrator/ma', worktree: wt('ma-orchestrator'),
      userPrompt: 'Coordinate', createdAt: '2026-06-01T07:00:00Z',
      lifecycle: lifecycleV2({ kind: 'orchestrator', state: 'idle', lastTransitionAt: '2026-06-13T07:00:00Z' }),
    }));
    store.writeSession(APP, 'ma-orchestrator-2', live({ // no role: the id alone makes it an orchestrator
      project: APP, agent: 'claude-code', claudeSessionUuid: U.orch2, branch: 'orchestrator/ma-2', worktree: wt('ma-orchestrator-2'),
      createdAt: '2026-04-20T07:00:00Z', lifecycle: lifecycleV2({ kind: 'orchestrator', state: 'stuck', lastTransitionAt: '2026-04-21T07:00:00Z' }),
    }));
    store.writeSession(APP, 'ma-3', live({ project: APP, agent: 'claude-code', lifecycle: lifecycleV2({ state: 'done' }) }));
    store.writeSession(APP, 'ma-4', live({ project: APP, agent: 'codex', lifecycle: undefined, status: 'killed' }));
    store.writeSession(APP, 'ma-6', live({ project: APP, agent: 'codex', lifecycle: lifecycleV2(), terminatedAt: '2026-06-09T00:00:00Z' }));

    // --- my-app, files to skip (legacy-store §5) ---
    skipped.empty = store.writeFile(`projects/${APP}/sessions/ma-7.json`, '');
    skipped.lock = store.writeFile(`projects/${APP}/sessions/ma-1.json.lock`, '12345');
    skipped.tmp = store.writeFile(`projects/${APP}/sessions/ma-2.json.tmp`, '{}');
    skipped.tmpPid = store.writeFile(`projects/${APP}/sessions/ma-9.json.tmp.4242`, '{}');
    skipped.tmpPidMs = store.writeFile(`projects/${APP}/sessions/ma-9.json.tmp.4242.1781000000000`, '{"project":');
    store.writeFile(`projects/${APP}/sessions/.ghcache/pulls-42.json`, '{"etag": "x"}');
    skipped.ghcache = path.join(store.root, 'projects', APP, 'sessions', '.ghcache');
    skipped.invalidJson = store.writeFile(`projects/${APP}/sessions/ma-12.json`, '{"agent": "claude-code",');
    skipped.array = store.writeFile(`projects/${APP}/sessions/ma-13.json`, '[{"agent": "codex"}]');
    skipped.nonObject = store.writeFile(`projects/${APP}/sessions/ma-14.json`, '42');
    skipped.hostile = store.writeFile(`projects/${APP}/sessions/x;rm -rf ~ $(touch pwned).json`, JSON.stringify(live({ project: APP, agent: 'codex' })));

    // --- ao-tools: prefix `ao-1`, worker `ao-1-7` ---
    store.writeSession('ao-tools', 'ao-1-7', live({ // no agent anywhere but the registry defaults
      project: 'ao-tools', branch: 'feat/seven', worktree: path.join(home, '.worktrees', 'ao-tools', 'ao-1-7'), userPrompt: 'Seven',
      createdAt: '2026-06-14T14:00:00Z', lifecycle: lifecycleV2({ lastTransitionAt: '2026-06-14T15:00:00Z' }),
    }));
    store.writeSession('ao-tools', 'ao-1-orchestrator', live({
      project: 'ao-tools', role: 'orchestrator', agent: 'claude-code', claudeSessionUuid: U.aoOrch, branch: 'orchestrator/ao-1',
      worktree: path.join(home, '.worktrees', 'ao-tools', 'ao-1-orchestrator'), createdAt: '2026-06-14T13:00:00Z',
      lifecycle: lifecycleV2({ kind: 'orchestrator', state: 'idle', lastTransitionAt: '2026-06-14T13:30:00Z' }),
    }));

    // --- tools: degraded behaviour file; old layouts ---
    store.writeOldLayoutSession('0123456789ab-tools', 'too-1', oldLayoutSessionFields({ // no project=: the storageKey says
      agent: 'opencode', claudeSessionUuid: '', opencodeSessionId: 'ses_abc123', branch: 'chore/lint',
      worktree: path.join(home, '.worktrees', 'tools', 'too-1'),
    }));
    store.writeOldLayoutSession('0123456789ab-tools', 'too-2', oldLayoutSessionFields({ // shadowed by the current layout
      project: 'tools', agent: 'codex', codexThreadId: 'thread-old-two', claudeSessionUuid: '', branch: 'feat/old-two',
      worktree: path.join(home, '.worktrees', 'tools', 'too-2'),
    }));
    store.writeSession('tools', 'too-2', live({
      project: 'tools', branch: 'feat/current-two', worktree: path.join(store.root, 'projects', 'tools', 'worktrees', 'too-2'),
      userPrompt: 'Two (current)', createdAt: '2026-06-02T02:00:00Z', lifecycle: lifecycleV2({ lastTransitionAt: '2026-06-02T03:00:00Z' }),
    }));
    store.writeOldLayoutSession('0123456789ab-tools', 'too-3', oldLayoutSessionFields({ project: 'tools', status: 'killed' }), { archived: true });
    store.writeOldLayoutSession('abcdefabcdef', 'too-5', oldLayoutSessionFields({ // bare <12hex>: its project= says
      project: 'tools', agent: 'codex', codexThreadId: 'thread-too-5', claudeSessionUuid: '', branch: 'feat/five-old',
      worktree: path.join(home, '.ao-clones', 'tools', 'too-5'),
    }));
    store.writeOldLayoutSession('0123456789ab-observability', 'too-9', oldLayoutSessionFields({ project: 'tools', branch: 'obs' }));
    store.writeOldLayoutSession('fedcba987654-tools.migrated', 'too-8', oldLayoutSessionFields({ project: 'tools', branch: 'moved' }));

    // --- sessions nobody can take ---
    store.writeSession('bad..id', 'bad-1', live({ project: 'bad..id', agent: 'codex', codexThreadId: 't', branch: 'b', worktree: '/w' }));
    store.writeSession('ghost', 'gh-1', live({ project: 'ghost', agent: 'codex', codexThreadId: 't', branch: 'b', worktree: '/w' }));

    snapshot = readLegacy({ homeDir: home, env: {}, git: noGit });
    plan = planMigration(snapshot, { now: NOW, homeDir: home, dataDir: path.join(home, '.ao', 'data') });
  });
  afterAll(() => store.cleanup());

  it('reads the hybrid registry and its per-repo files (legacy-store §2 A/B)', () => {
    expect(snapshot.registries.map((r) => [r.path, r.shape])).toEqual([[store.registryPath, 'hybrid']]);
    expect(plan.legacyRoot).toBe(store.root);
    expect(plan.mode).toBe('restorable');
  });

  it('plans every project row, all columns (migration-rules §6)', () => {
    expect(plan.projects.map((p) => [p.id, p.action, p.sessionPrefix])).toEqual([
      [APP, 'create', 'ma'],
      ['ao-tools', 'create', 'ao-1'],
      ['tools', 'create', 'too'], // derived: 'tools' has 5 chars, no capitals, no separator → first 3
      ['bad..id', 'skip', expect.any(String)],
    ]);
    const rows = plan.projects.filter((p) => p.row).map((p) => ({ ...p.row, config: JSON.parse(String(p.row?.config)) }));
    expect(rows).toEqual([
      {
        id: APP,
        path: path.join(home, 'code', 'my-app'),
        repo_origin_url: 'git@github.com:alice/my-app.git',
        display_name: 'My App', // portfolio preferences win over the registry displayName
        registered_at: '2026-05-28 20:26:40 +0000 UTC', // 1780000000 s
        kind: 'single_repo',
        config: {
          defaultBranch: 'develop',
          sessionPrefix: 'ma',
          env: { API_URL: 'http://localhost:3000', ZED: 'last' },
          symlinks: ['.env'],
          postCreate: ['pnpm install'],
          agentConfig: { model: 'opus', permissions: 'bypass-permissions' },
          // codex under the project's permissionless keeps its bypass; the orchestrator role takes the project agent.
          worker: { agent: 'codex', agentConfig: { permissions: 'bypass-permissions' } },
          orchestrator: { agent: 'claude-code', agentConfig: { model: 'sonnet', permissions: 'accept-edits' } },
        },
      },
      {
        id: 'ao-tools',
        path: path.join(home, 'code', 'ao-tools'),
        repo_origin_url: '', // no repo.originUrl, and git knows no origin
        display_name: '', // registry displayName equals the id
        registered_at: '2026-04-01 12:00:00 +0000 UTC', // registered.json addedAt
        kind: 'single_repo',
        // suggest → default; the worker takes the registry default agent; the unknown orchestrator agent is dropped, not replaced.
        config: { sessionPrefix: 'ao-1', agentConfig: { permissions: 'default' }, worker: { agent: 'aider' } },
      },
      {
        id: 'tools',
        path: path.join(home, 'code', 'tools'),
        repo_origin_url: 'https://github.com/alice/tools.git',
        display_name: '',
        registered_at: '2026-05-30 00:13:20 +0000 UTC', // 1780100000 s
        kind: 'single_repo',
        config: { sessionPrefix: 'too', worker: { agent: 'aider' }, orchestrator: { agent: 'aider' } }, // degraded: registry defaults
      },
    ]);
  });

  it('explains lossy project settings, the degraded project and the invalid id', () => {
    const projectNotes = (id: string) => plan.projects.find((p) => p.id === id)?.notes.map((n) => n.message).join('\n') ?? '';
    expect(projectNotes(APP)).toMatch(/tracker.*dropped/);
    expect(projectNotes(APP)).toMatch(/runtime.*dropped/);
    expect(projectNotes('ao-tools')).toMatch(/suggest.*lossy/);
    expect(projectNotes('ao-tools')).toMatch(/not-a-harness.*not an agent the rewrite knows/);
    expect(snapshot.projects.find((p) => p.id === 'tools')?.degraded).toContain(path.join(home, 'code', 'tools', 'agent-orchestrator.yaml'));
    expect(projectNotes('tools')).toMatch(/agent-orchestrator\.yaml/);
    expect(plan.projects.find((p) => p.id === 'bad..id')?.reason).toMatch(/bad\.\.id.*not valid/);
  });

  it('plans every session row, all columns (migration-rules §3, §4)', () => {
    const sessions = byId(plan);
    const migrated = (id: string) => sessions.get(id)?.row;
    const exited = { activity_state: 'exited', is_terminated: 1, runtime_handle_id: '', kind: 'worker' } as const;

    expect(migrated('ma-1')).toEqual({
      ...exited, id: 'ma-1', project_id: APP, num: 1, issue_id: '101',
      harness: 'codex', // no agent: the project's worker agent
      activity_last_at: '2026-06-11 10:00:00.5 +0000 UTC', first_signal_at: '2026-06-11 10:00:00.5 +0000 UTC',
      branch: 'feat/login', workspace_path: managed(APP, 'ma-1'), agent_session_id: 'thread-ma-1', prompt: 'Fix login',
      created_at: '2026-06-10 09:15:02.123 +0000 UTC', updated_at: '2026-06-11 10:00:00.5 +0000 UTC', display_name: 'Login fix',
    });
    expect(migrated('ma-2')).toEqual({
      ...exited, id: 'ma-2', project_id: APP, num: 2, issue_id: '', harness: 'claude-code',
      activity_last_at: '2026-06-12 09:00:00 +0000 UTC', first_signal_at: '2026-06-12 09:00:00 +0000 UTC',
      branch: 'feat/api', workspace_path: managed(APP, 'ma-2'), agent_session_id: U.ma2, prompt: 'Build the API',
      created_at: '2026-06-12 08:00:00 +0000 UTC', updated_at: '2026-06-12 09:00:00 +0000 UTC', display_name: '',
    });
    // createdAt and lastTransitionAt invalid: activity ← runtime.lastObservedAt, created ← startedAt, updated ← file mtime.
    expect(migrated('ma-5')).toEqual({
      ...exited, id: 'ma-5', project_id: APP, num: 5, issue_id: '', harness: 'claude-code',
      activity_last_at: '2026-06-06 06:06:06 +0000 UTC', first_signal_at: '2026-06-06 06:06:06 +0000 UTC',
      branch: 'feat/five', workspace_path: managed(APP, 'ma-5'), agent_session_id: U.ma5, prompt: 'Five',
      created_at: '2026-06-05 05:05:05.005 +0000 UTC', updated_at: '2026-06-07 07:07:07 +0000 UTC', display_name: '',
    });
    expect(migrated('ma-8')).toEqual({
      ...exited, id: 'ma-8', project_id: APP, num: 8, issue_id: '', harness: 'claude-code',
      activity_last_at: '2026-06-08 08:30:00 +0000 UTC', first_signal_at: '2026-06-08 08:30:00 +0000 UTC',
      branch: '', workspace_path: managed(APP, 'ma-8'), agent_session_id: U.ma8, prompt: '',
      created_at: '2026-06-08 08:00:00 +0000 UTC', updated_at: '2026-06-08 08:30:00 +0000 UTC', display_name: '',
    });
    expect(migrated('ma-10')).toEqual({ // the plain file, not its __from- alias
      ...exited, id: 'ma-10', project_id: APP, num: 10, issue_id: '', harness: 'claude-code',
      activity_last_at: '2026-06-10 11:10:10 +0000 UTC', first_signal_at: '2026-06-10 11:10:10 +0000 UTC',
      branch: 'feat/ten', workspace_path: managed(APP, 'ma-10'), agent_session_id: U.ma10, prompt: 'Ten',
      created_at: '2026-06-10 10:10:10 +0000 UTC', updated_at: '2026-06-10 11:10:10 +0000 UTC', display_name: '',
    });
    expect(migrated('ma-11')).toEqual({ // read from its alias; lifecycle was a JSON string
      ...exited, id: 'ma-11', project_id: APP, num: 11, issue_id: '', harness: 'codex',
      activity_last_at: '2026-06-11 12:11:11 +0000 UTC', first_signal_at: '2026-06-11 12:11:11 +0000 UTC',
      branch: 'feat/eleven', workspace_path: managed(APP, 'ma-11'), agent_session_id: 'thread-ma-11', prompt: 'Eleven',
      created_at: '2026-06-11 11:11:11 +0000 UTC', updated_at: '2026-06-11 12:11:11 +0000 UTC', display_name: '',
    });
    expect(migrated('ma-orchestrator')).toEqual({
      ...exited, kind: 'orchestrator', id: 'ma-orchestrator', project_id: APP, num: 0, issue_id: '',
      harness: 'claude-code', // no agent, no orchestrator role agent: the project agent
      activity_last_at: '2026-06-13 07:00:00 +0000 UTC', first_signal_at: '2026-06-13 07:00:00 +0000 UTC',
      branch: 'orchestrator/ma', workspace_path: managed(APP, 'orchestrator', 'ma-orchestrator'), agent_session_id: U.orch, prompt: 'Coordinate',
      created_at: '2026-06-01 07:00:00 +0000 UTC', updated_at: '2026-06-13 07:00:00 +0000 UTC', display_name: '',
    });
    // Not `<prefix>-<N>`: the smallest integer above every num in use (0,1,2,5,8,10,11) → 12.
    // Its worktree is the one every orchestrator of the project shares.
    expect(migrated('ma-orchestrator-2')).toEqual({
      ...exited, kind: 'orchestrator', id: 'ma-orchestrator-2', project_id: APP, num: 12, issue_id: '', harness: 'claude-code',
      activity_last_at: '2026-04-21 07:00:00 +0000 UTC', first_signal_at: '2026-04-21 07:00:00 +0000 UTC',
      branch: 'orchestrator/ma-2', workspace_path: managed(APP, 'orchestrator', 'ma-orchestrator'), agent_session_id: U.orch2, prompt: '',
      created_at: '2026-04-20 07:00:00 +0000 UTC', updated_at: '2026-04-21 07:00:00 +0000 UTC', display_name: '',
    });
    expect(migrated('ao-1-7')).toEqual({
      ...exited, id: 'ao-1-7', project_id: 'ao-tools', num: 7, issue_id: '',
      harness: 'aider', // registry defaults.agent
      activity_last_at: '2026-06-14 15:00:00 +0000 UTC', first_signal_at: '2026-06-14 15:00:00 +0000 UTC',
      branch: 'feat/seven', workspace_path: managed('ao-tools', 'ao-1-7'), agent_session_id: '', prompt: 'Seven',
      created_at: '2026-06-14 14:00:00 +0000 UTC', updated_at: '2026-06-14 15:00:00 +0000 UTC', display_name: '',
    });
    expect(migrated('ao-1-orchestrator')).toEqual({
      ...exited, kind: 'orchestrator', id: 'ao-1-orchestrator', project_id: 'ao-tools', num: 0, issue_id: '', harness: 'claude-code',
      activity_last_at: '2026-06-14 13:30:00 +0000 UTC', first_signal_at: '2026-06-14 13:30:00 +0000 UTC',
      branch: 'orchestrator/ao-1', workspace_path: managed('ao-tools', 'orchestrator', 'ao-1-orchestrator'),
      agent_session_id: U.aoOrch, prompt: '',
      created_at: '2026-06-14 13:00:00 +0000 UTC', updated_at: '2026-06-14 13:30:00 +0000 UTC', display_name: '',
    });
    // Old layout (statePayload lifecycle: startedAt 10:00:01, lastTransitionAt 11:00).
    expect(migrated('too-1')).toEqual({
      ...exited, id: 'too-1', project_id: 'tools', num: 1, issue_id: '', harness: 'opencode',
      activity_last_at: '2026-03-02 11:00:00 +0000 UTC', first_signal_at: '2026-03-02 11:00:00 +0000 UTC',
      branch: 'chore/lint', workspace_path: managed('tools', 'too-1'), agent_session_id: 'ses_abc123', prompt: '',
      created_at: '2026-03-02 10:00:00 +0000 UTC', updated_at: '2026-03-02 11:00:00 +0000 UTC', display_name: '',
    });
    expect(migrated('too-2')).toEqual({ // the current layout wins over the old file
      ...exited, id: 'too-2', project_id: 'tools', num: 2, issue_id: '',
      harness: 'aider', // degraded project has default behaviour → registry defaults.agent
      activity_last_at: '2026-06-02 03:00:00 +0000 UTC', first_signal_at: '2026-06-02 03:00:00 +0000 UTC',
      branch: 'feat/current-two', workspace_path: managed('tools', 'too-2'),
      agent_session_id: '', prompt: 'Two (current)',
      created_at: '2026-06-02 02:00:00 +0000 UTC', updated_at: '2026-06-02 03:00:00 +0000 UTC', display_name: '',
    });
    expect(migrated('too-5')).toEqual({
      ...exited, id: 'too-5', project_id: 'tools', num: 5, issue_id: '', harness: 'codex',
      activity_last_at: '2026-03-02 11:00:00 +0000 UTC', first_signal_at: '2026-03-02 11:00:00 +0000 UTC',
      branch: 'feat/five-old', workspace_path: managed('tools', 'too-5'), agent_session_id: 'thread-too-5', prompt: '',
      created_at: '2026-03-02 10:00:00 +0000 UTC', updated_at: '2026-03-02 11:00:00 +0000 UTC', display_name: '',
    });
  });

  it('plans exactly these sessions: the rest are skipped with their reason, the unreadable ones absent', () => {
    const sessions = byId(plan);
    expect([...sessions.keys()].sort()).toEqual([
      'ao-1-7', 'ao-1-orchestrator', 'bad-1', 'gh-1',
      'ma-1', 'ma-10', 'ma-11', 'ma-2', 'ma-3', 'ma-4', 'ma-5', 'ma-6', 'ma-8', 'ma-orchestrator', 'ma-orchestrator-2',
      'too-1', 'too-2', 'too-5',
    ]);
    expect(plan.sessions.filter((s) => s.action === 'create').map((s) => s.id).sort()).toEqual([
      'ao-1-7', 'ao-1-orchestrator', 'ma-1', 'ma-10', 'ma-11', 'ma-2', 'ma-5', 'ma-8', 'ma-orchestrator', 'ma-orchestrator-2',
      'too-1', 'too-2', 'too-5',
    ]);
    const skip = (id: string) => {
      const s = sessions.get(id);
      return { action: s?.action, row: s?.row, reason: s?.reason ?? '' };
    };
    expect(skip('ma-3')).toEqual({ action: 'skip', row: undefined, reason: expect.stringMatching(/terminal.*done/) });
    expect(skip('ma-4')).toEqual({ action: 'skip', row: undefined, reason: expect.stringMatching(/terminal.*killed/) });
    expect(skip('ma-6')).toEqual({ action: 'skip', row: undefined, reason: expect.stringMatching(/terminal.*terminatedAt/) });
    expect(skip('bad-1')).toEqual({ action: 'skip', row: undefined, reason: expect.stringMatching(/bad\.\.id.*not migrated/) });
    expect(skip('gh-1')).toEqual({ action: 'skip', row: undefined, reason: expect.stringMatching(/ghost.*not in the registry/) });
    expect(summaryOf(sessions.get('ma-3'))).toEqual({ projectId: APP, kind: 'worker', harness: 'claude-code', resumable: false });
    expect(summaryOf(sessions.get('ma-4'))).toEqual({ projectId: APP, kind: 'worker', harness: 'codex', resumable: false });
  });

  it('names every skipped file in a store note, with why', () => {
    const reasons: Record<keyof typeof skipped, RegExp> = {
      empty: /empty|reserved/,
      corrupt: /corrupt/,
      lock: /lock/,
      tmp: /temporary/,
      tmpPid: /temporary/,
      tmpPidMs: /temporary/,
      ghcache: /cache/i,
      aliasShadowed: /alias.*ma-10\.json/,
      invalidJson: /not valid JSON/,
      array: /array/,
      nonObject: /not an object/,
      hostile: /not a valid session id/,
    };
    for (const [name, file] of Object.entries(skipped)) {
      const notes = storeNotesFor(snapshot, file);
      expect(notes, `${name}: ${file}`).toHaveLength(1);
      expect(notes[0]?.message, name).toMatch(reasons[name] ?? /^$/);
      expect(plan.notes).toContainEqual(notes[0]);
    }
    expect(Object.keys(skipped).sort()).toEqual(Object.keys(reasons).sort());
  });

  it('notes what it read around: the corrupt copy, the alias, the shadowed old file', () => {
    const sessionNotes = (id: string) => snapshot.notes.filter((n) => n.scope === 'session' && n.id === id).map((n) => n.message).join('\n');
    expect(sessionNotes('ma-8')).toMatch(/corrupt.*partial/);
    expect(sessionNotes('ma-11')).toContain('ma-11__from-0123456789ab.json');
    expect(sessionNotes('too-2')).toContain(path.join(store.root, '0123456789ab-tools', 'sessions', 'too-2'));
  });

  it('never reads archived, observability or .migrated sessions', () => {
    const ids = snapshot.sessions.map((s) => s.id);
    expect(ids).not.toContain('too-3');
    expect(ids).not.toContain('too-8');
    expect(ids).not.toContain('too-9');
    expect(snapshot.sessions.map((s) => s.file).filter((f) => /archive|observability|\.migrated/.test(f))).toEqual([]);
  });

  it('reports resume readiness per session (migration-rules §3)', () => {
    const sessions = byId(plan);
    for (const id of ['ma-1', 'ma-2', 'ma-5', 'ma-10', 'ma-11', 'ma-orchestrator', 'ma-orchestrator-2', 'ao-1-orchestrator', 'too-1', 'too-5']) {
      expect(sessions.get(id)?.resume, id).toEqual({ resumable: true, reasons: [] });
    }
    // aider keeps no id: restore would start the task again from its prompt.
    for (const id of ['ao-1-7', 'too-2']) {
      expect(sessions.get(id)?.resume, id).toEqual({
        resumable: false,
        reasons: [expect.stringMatching(/start the task again from its prompt/)],
        restartsFromPrompt: true,
      });
    }
    const ma8 = sessions.get('ma-8')?.resume;
    expect(ma8?.resumable).toBe(false);
    expect(ma8?.reasons).toEqual([expect.stringMatching(/branch/i)]);
    for (const id of ['ma-3', 'ma-4', 'ma-6', 'bad-1', 'gh-1']) {
      expect(sessions.get(id)?.resume, id).toEqual({ resumable: false, reasons: [expect.stringMatching(/not migrated/i)] });
    }
  });

  it('carries the claude transcript to relocate, for claude-code rows only', () => {
    const sessions = byId(plan);
    const transcripts = plan.sessions
      .filter((s) => s.claudeSessionUuid !== undefined)
      .map((s) => [s.id, s.claudeSessionUuid, s.legacyWorktree]);
    expect(transcripts.sort()).toEqual([
      ['ao-1-orchestrator', U.aoOrch, path.join(home, '.worktrees', 'ao-tools', 'ao-1-orchestrator')],
      ['ma-10', U.ma10, wt('ma-10')],
      ['ma-2', U.ma2, path.join(home, '.worktrees', APP, 'ma-2')],
      ['ma-5', U.ma5, wt('ma-5')],
      ['ma-8', U.ma8, undefined],
      ['ma-orchestrator', U.orch, wt('ma-orchestrator')],
      ['ma-orchestrator-2', U.orch2, wt('ma-orchestrator-2')],
    ]);
    // Every session keeps its legacy worktree in the plan, whatever its agent.
    expect(sessions.get('ma-1')?.legacyWorktree).toBe(wt('ma-1'));
    expect(sessions.get('too-5')?.legacyWorktree).toBe(path.join(home, '.ao-clones', 'tools', 'too-5'));
  });
});

// ---------------------------------------------------------------------------
// Store 2: the old wrapped single file, given as `globalConfigPath`.
// ---------------------------------------------------------------------------
describe('store 2 (wrapped registry via globalConfigPath): store → plan, field by field', () => {
  let store: LegacyStore;
  let home: string;
  let plan: MigrationPlan;
  let snapshot: LegacySnapshot;
  let registryPath: string;
  const asked: string[] = [];

  beforeAll(() => {
    store = createLegacyStore();
    home = store.home;
    const legacyApp = store.repoPath('LegacyApp');
    store.repoPath('scratch');
    const git: Git = {
      remoteOriginUrl: (dir) => {
        asked.push(dir);
        return dir === legacyApp ? 'git@github.com:alice/legacy-app.git' : undefined;
      },
    };
    registryPath = store.writeRegistry({
      shape: 'wrapped',
      path: path.join(home, 'dotfiles', 'ao-config.yaml'),
      defaults: { agent: 'codex' },
      projects: {
        'legacy-app': {
          path: '~/code/LegacyApp',
          name: 'Legacy App',
          repo: 'alice/legacy-app',
          defaultBranch: 'main',
          registeredAt: 1781000000,
          behaviour: {
            agent: 'opencode',
            agentConfig: { permissions: 'skip', model: 'gpt-5' },
            orchestrator: { agent: 'mystery-bot' },
            scm: { plugin: 'github' },
            orchestratorSessionStrategy: 'reuse',
          },
        },
        scratch: { path: '~/code/scratch' },
      },
    });
    fs.utimesSync(registryPath, new Date('2026-05-01T00:00:00Z'), new Date('2026-05-01T00:00:00Z'));
    expect(fs.existsSync(store.registryPath)).toBe(false);

    const wt = (id: string) => path.join(home, '.worktrees', 'legacy-app', id);
    store.writeSession('legacy-app', 'la-1', live({ // no agent: project agent
      project: 'legacy-app', opencodeSessionId: 'ses_la1', branch: 'feat/one', worktree: wt('la-1'), issue: '7',
      createdAt: '2026-06-03T03:03:03.300Z', lifecycle: lifecycleV2({ lastTransitionAt: '2026-06-03T04:00:00Z' }),
    }));
    store.writeSession('legacy-app', 'la-2', live({
      project: 'legacy-app', agent: 'gemini-cli', branch: 'feat/two', worktree: wt('la-2'), userPrompt: 'Port the parser',
      createdAt: '2026-06-04T04:00:00Z', lifecycle: lifecycleV2({ lastTransitionAt: '2026-06-04T05:00:00Z' }),
    }));
    store.writeSession('legacy-app', 'la-3', live({
      project: 'legacy-app', agent: 'codex', codexThreadId: 'thread-la-3', codexModel: 'o3', restoreFallbackReason: 'tmux gone',
      branch: 'feat/three', worktree: wt('la-3'), createdAt: '2026-06-05T05:00:00Z',
      lifecycle: lifecycleV2({ lastTransitionAt: '2026-06-05T06:00:00Z' }),
    }));
    store.writeSession('legacy-app', 'la-4', live({ // purged OpenCode session and no prompt: nothing to resume
      project: 'legacy-app', agent: 'opencode', opencodeSessionId: 'ses_gone', opencodeCleanedAt: '2026-06-06T00:00:00Z',
      branch: 'feat/four', worktree: wt('la-4'), createdAt: '2026-06-06T06:00:00Z',
      lifecycle: lifecycleV2({ lastTransitionAt: '2026-06-06T07:00:00Z' }),
    }));
    store.writeSession('scratch', 'scr-1', live({ // no agent anywhere: registry defaults.agent; no worktree
      project: 'scratch', codexThreadId: 'thread-scr-1', branch: 'spike', createdAt: '2026-06-07T07:00:00Z',
      lifecycle: lifecycleV2({ lastTransitionAt: '2026-06-07T08:00:00Z' }),
    }));

    snapshot = readLegacy({ homeDir: home, env: {}, git, globalConfigPath: registryPath });
    plan = planMigration(snapshot, { now: NOW, homeDir: home, dataDir: path.join(home, '.ao', 'data') });
  });
  afterAll(() => store.cleanup());

  it('recognises the wrapped shape and asks git only where the registry has no URL', () => {
    expect(snapshot.registries.map((r) => r.shape)).toEqual(['wrapped']);
    expect(plan.registryPaths).toEqual([path.resolve(registryPath)]);
    expect(asked.sort()).toEqual([path.join(home, 'code', 'LegacyApp'), path.join(home, 'code', 'scratch')]);
  });

  it('plans every project row, all columns', () => {
    expect(plan.projects.map((p) => [p.id, p.action, p.sessionPrefix])).toEqual([
      ['legacy-app', 'create', 'la'], // 'LegacyApp': two capitals → 'la'
      ['scratch', 'create', 'scr'],
    ]);
    expect(plan.projects.map((p) => ({ ...p.row, config: JSON.parse(String(p.row?.config)) }))).toEqual([
      {
        id: 'legacy-app',
        path: path.join(home, 'code', 'LegacyApp'),
        repo_origin_url: 'git@github.com:alice/legacy-app.git', // repo is "owner/name": git origin
        display_name: 'Legacy App', // the older `name` alias, differing from the id
        registered_at: '2026-06-09 10:13:20 +0000 UTC', // 1781000000 s
        kind: 'single_repo',
        // main omitted; skip = permissionless; the worker takes the project agent; mystery-bot is dropped, not replaced.
        config: { sessionPrefix: 'la', agentConfig: { model: 'gpt-5', permissions: 'bypass-permissions' }, worker: { agent: 'opencode' } },
      },
      {
        id: 'scratch',
        path: path.join(home, 'code', 'scratch'),
        repo_origin_url: '',
        display_name: '',
        registered_at: '2026-05-01 00:00:00 +0000 UTC', // no registeredAt, no registered.json: the registry file mtime
        kind: 'single_repo',
        // The registry default agent is codex, with no permission: the strict one, not the rewrite's bypass.
        config: {
          sessionPrefix: 'scr',
          worker: { agent: 'codex', agentConfig: { permissions: 'accept-edits' } },
          orchestrator: { agent: 'codex', agentConfig: { permissions: 'accept-edits' } },
        },
      },
    ]);
    const notes = plan.projects[0]?.notes.map((n) => n.message).join('\n');
    expect(notes).toMatch(/scm.*dropped/);
    expect(notes).toMatch(/orchestratorSessionStrategy.*dropped/);
    expect(notes).toMatch(/mystery-bot.*not an agent the rewrite knows/);
  });

  it('plans every session row, all columns, and resume readiness', () => {
    const sessions = byId(plan);
    const exited = { activity_state: 'exited', is_terminated: 1, runtime_handle_id: '', kind: 'worker', display_name: '' } as const;
    const wt = (id: string) => path.join(home, '.ao', 'data', 'worktrees', 'legacy-app', id);
    expect([...sessions.keys()].sort()).toEqual(['la-1', 'la-2', 'la-3', 'la-4', 'scr-1']);
    expect(sessions.get('la-1')?.row).toEqual({
      ...exited, id: 'la-1', project_id: 'legacy-app', num: 1, issue_id: '7', harness: 'opencode',
      activity_last_at: '2026-06-03 04:00:00 +0000 UTC', first_signal_at: '2026-06-03 04:00:00 +0000 UTC',
      branch: 'feat/one', workspace_path: wt('la-1'), agent_session_id: 'ses_la1', prompt: '',
      created_at: '2026-06-03 03:03:03.3 +0000 UTC', updated_at: '2026-06-03 04:00:00 +0000 UTC',
    });
    expect(sessions.get('la-2')?.row).toEqual({
      ...exited, id: 'la-2', project_id: 'legacy-app', num: 2, issue_id: '', harness: '', // unknown agent
      activity_last_at: '2026-06-04 05:00:00 +0000 UTC', first_signal_at: '2026-06-04 05:00:00 +0000 UTC',
      branch: 'feat/two', workspace_path: wt('la-2'), agent_session_id: '', prompt: 'Port the parser',
      created_at: '2026-06-04 04:00:00 +0000 UTC', updated_at: '2026-06-04 05:00:00 +0000 UTC',
    });
    expect(sessions.get('la-3')?.row).toEqual({
      ...exited, id: 'la-3', project_id: 'legacy-app', num: 3, issue_id: '', harness: 'codex',
      activity_last_at: '2026-06-05 06:00:00 +0000 UTC', first_signal_at: '2026-06-05 06:00:00 +0000 UTC',
      branch: 'feat/three', workspace_path: wt('la-3'), agent_session_id: 'thread-la-3', prompt: '',
      created_at: '2026-06-05 05:00:00 +0000 UTC', updated_at: '2026-06-05 06:00:00 +0000 UTC',
    });
    expect(sessions.get('la-4')?.row).toEqual({
      ...exited, id: 'la-4', project_id: 'legacy-app', num: 4, issue_id: '', harness: 'opencode',
      activity_last_at: '2026-06-06 07:00:00 +0000 UTC', first_signal_at: '2026-06-06 07:00:00 +0000 UTC',
      branch: 'feat/four', workspace_path: wt('la-4'), agent_session_id: '', prompt: '',
      created_at: '2026-06-06 06:00:00 +0000 UTC', updated_at: '2026-06-06 07:00:00 +0000 UTC',
    });
    expect(sessions.get('scr-1')?.row).toEqual({
      ...exited, id: 'scr-1', project_id: 'scratch', num: 1, issue_id: '', harness: 'codex',
      activity_last_at: '2026-06-07 08:00:00 +0000 UTC', first_signal_at: '2026-06-07 08:00:00 +0000 UTC',
      branch: 'spike', workspace_path: path.join(home, '.ao', 'data', 'worktrees', 'scratch', 'scr-1'), agent_session_id: 'thread-scr-1', prompt: '',
      created_at: '2026-06-07 07:00:00 +0000 UTC', updated_at: '2026-06-07 08:00:00 +0000 UTC',
    });

    expect(sessions.get('la-1')?.resume).toEqual({ resumable: true, reasons: [] });
    // The agent that ran it is unknown to the rewrite: never another agent in its place.
    expect(sessions.get('la-2')?.resume).toEqual({ resumable: false, reasons: ['Agent gemini-cli is unknown to the rewrite; restore would fail.'] });
    expect(sessions.get('la-3')?.resume).toEqual({ resumable: true, reasons: [] });
    expect(sessions.get('la-4')?.resume).toEqual({ resumable: false, reasons: [expect.stringMatching(/agent session id.*prompt/)] });
    // No legacy worktree is needed: restore creates the managed one from the branch.
    expect(sessions.get('scr-1')?.resume).toEqual({ resumable: true, reasons: [] });

    const sessionNotes = (id: string) => sessions.get(id)?.notes.map((n) => n.message).join('\n') ?? '';
    expect(sessionNotes('la-2')).toMatch(/gemini-cli/);
    expect(sessionNotes('la-3')).toMatch(/codexModel.*dropped/);
    expect(sessionNotes('la-3')).toMatch(/restoreFallbackReason.*dropped/);
    expect(sessionNotes('la-4')).toMatch(/ses_gone.*purged/);
  });
});
