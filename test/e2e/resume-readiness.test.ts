import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as path from 'node:path';
import { writeCodexThread, writeOpencodeSession } from '../../src/testing/agent-stores.js';
import { sessionRecord } from '../../src/testing/legacy-store-builder.js';
import { makeWorld, type World } from './world.js';

/**
 * Today's restore rules (rewrite-today §3), as a user sees them: the same
 * in the dry run, the real run and `status`.
 */
const UUID = '0a1b2c3d-0000-4000-8000-000000000001';
const thread = (n: number) => `0197a6c2-0000-7000-8000-00000000000${n}`;

interface Session {
  id: string;
  resumable: boolean;
  resumeBlockers?: string[];
  reasons?: string[];
  resumeCommand?: string;
  restartCommand?: string;
}

let world: World;
beforeEach(() => {
  world = makeWorld();
  const { store } = world;
  store.repoPath('app');
  store.writeRegistry({ projects: { app: { path: '~/code/app', sessionPrefix: 'app', registeredAt: 1780000000 } } });
  const session = (id: string, fields: Record<string, unknown>) =>
    store.writeSession('app', id, sessionRecord({ project: 'app', claudeSessionUuid: undefined, branch: `feat/${id}`, ...fields }));
  const wt1 = world.legacyWorktree('app', 'app-1');
  world.writeTranscript(wt1, UUID);
  session('app-1', { agent: 'claude-code', claudeSessionUuid: UUID, worktree: wt1 });
  session('app-2', { agent: 'claude-code', userPrompt: 'Has a prompt, but no Claude session id' });
  session('app-3', { agent: 'codex', userPrompt: 'Only a prompt' });
  // Codex and opencode sessions whose threads and sessions their agents hold, in the worktrees they ran in.
  const codex = (id: string, n: number, fields: Record<string, unknown> = {}) => {
    const worktree = world.legacyWorktree('app', id);
    writeCodexThread({ codexHome: path.join(world.home, '.codex'), threadId: thread(n), cwd: worktree });
    session(id, { agent: 'codex', codexThreadId: thread(n), worktree, ...fields });
  };
  codex('app-4', 4, { branch: 'feat/shared', createdAt: '2026-06-01T00:00:00Z', lifecycle: undefined });
  codex('app-5', 5, { branch: 'feat/shared', createdAt: '2026-06-09T00:00:00Z', lifecycle: undefined });
  codex('app-orchestrator', 1, { role: 'orchestrator' });
  codex('app-orchestrator-2', 2, { role: 'orchestrator' });
  session('app-6', { agent: 'gemini', userPrompt: 'Ran with an agent the rewrite does not know' });
  const wt7 = world.legacyWorktree('app', '-7');
  writeOpencodeSession({ dataDir: path.join(world.home, '.local', 'share', 'opencode'), sessionId: 'ses_seven', directory: wt7 });
  session('-7', { agent: 'opencode', opencodeSessionId: 'ses_seven', worktree: wt7 });
  // A thread codex no longer has: the rewrite could only start afresh there.
  session('app-8', { agent: 'codex', codexThreadId: thread(8), worktree: world.legacyWorktree('app', 'app-8') });
});
afterEach(() => world.cleanup());

const byId = (sessions: Session[]) => Object.fromEntries(sessions.map((s) => [s.id, s]));

function expectTodaysRules(sessions: Record<string, Session>, blockersOf: (s: Session | undefined) => string[]) {
  expect(sessions['app-1']).toMatchObject({ resumable: true, resumeCommand: 'ao session restore app-1' });
  expect(sessions['-7']).toMatchObject({ resumable: true, resumeCommand: 'ao session restore -- -7' });
  expect(sessions['app-5']).toMatchObject({ resumable: true });
  expect(sessions['app-orchestrator']).toMatchObject({ resumable: true });

  expect(sessions['app-2']?.resumable).toBe(false);
  expect(blockersOf(sessions['app-2'])).toContainEqual(expect.stringContaining('unknown conversation'));
  expect(sessions['app-2']?.restartCommand).toBeUndefined();

  expect(sessions['app-3']).toMatchObject({ resumable: false, restartCommand: 'ao session restore app-3' });
  expect(blockersOf(sessions['app-3'])).toEqual([expect.stringContaining('start the task again from its prompt')]);

  expect(sessions['app-4']?.resumable).toBe(false);
  expect(blockersOf(sessions['app-4'])).toEqual([expect.stringContaining('app-5 is on the same branch feat/shared')]);
  expect(blockersOf(sessions['app-orchestrator-2'])).toEqual([
    expect.stringContaining('share one managed worktree, and app-orchestrator is the one offered'),
  ]);
  expect(blockersOf(sessions['app-6'])).toEqual(['Agent gemini is unknown to the rewrite; restore would fail.']);
  expect(blockersOf(sessions['app-8'])).toEqual([
    `Not resumable in the new worktree: codex has no thread ${thread(8)} (its threads index holds none by that id).`,
  ]);
  for (const id of ['app-2', 'app-4', 'app-6', 'app-8', 'app-orchestrator-2']) expect(sessions[id]?.resumeCommand, id).toBeUndefined();
}

describe("resume readiness by today's rules", () => {
  it('is the same in the dry run, the real run and status', () => {
    const dryRun = world.run(['--dry-run', '--json']);
    expect(dryRun.status).toBe(0);
    expectTodaysRules(byId(JSON.parse(dryRun.stdout).sessions), (s) => s?.resumeBlockers ?? []);

    const real = world.run(['--json']);
    expect(real.status).toBe(0);
    const report = JSON.parse(real.stdout);
    expectTodaysRules(byId(report.sessions), (s) => s?.resumeBlockers ?? []);
    expect(report.sessions.find((s: { id: string }) => s.id === 'app-6')).toMatchObject({ harness: '', status: 'created' });

    const status = world.run(['status', '--json']);
    expectTodaysRules(byId(JSON.parse(status.stdout).sessions), (s) => s?.reasons ?? []);
  });

  it("prints the restore lines, with `--` before an id that reads as an option, and the restarts under their own heading", () => {
    const summary = world.run([]).stdout;
    expect(summary).toContain('  ao session restore app-1\n');
    expect(summary).toContain('  ao session restore -- -7\n');
    expect(summary).not.toContain('ao session restore app-2');
    // Grouped per project, as the resume lines are.
    expect(summary).toMatch(/start afresh from their prompt[^\n]*\n {2}\S+ \(1\):\n {4}ao session restore app-3\n/);
    expect(summary).toMatch(/desktop app/i);
  });
});
