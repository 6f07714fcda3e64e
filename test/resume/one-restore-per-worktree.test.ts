import { describe, expect, it } from 'vitest';
import { oneRestorePerWorktree, type RestoreCandidate } from '../../src/core/resume/one-restore-per-worktree.js';

const candidate = (overrides: Partial<RestoreCandidate> & Pick<RestoreCandidate, 'id'>): RestoreCandidate => ({
  projectId: 'app',
  kind: 'worker',
  branch: `feat/${overrides.id}`,
  activityLastAt: '2026-06-10 12:00:00 +0000 UTC',
  restartsFromPrompt: false,
  canonicalOrchestrator: false,
  ...overrides,
});

describe('oneRestorePerWorktree', () => {
  it('offers every session when no two share a worktree or a branch', () => {
    expect(oneRestorePerWorktree([candidate({ id: 'a-1' }), candidate({ id: 'a-2' })])).toEqual(new Map());
  });

  it("offers one orchestrator per project, the project's own id first, naming it to the others", () => {
    const notOffered = oneRestorePerWorktree([
      candidate({ id: 'a-orchestrator-2', kind: 'orchestrator', branch: 'o/2', activityLastAt: '2026-06-20 00:00:00 +0000 UTC' }),
      candidate({ id: 'a-orchestrator', kind: 'orchestrator', branch: 'o/1', canonicalOrchestrator: true }),
      candidate({ id: 'b-orchestrator', kind: 'orchestrator', projectId: 'b', branch: 'o/b', canonicalOrchestrator: true }),
    ]);
    expect([...notOffered.keys()]).toEqual(['a-orchestrator-2']);
    expect(notOffered.get('a-orchestrator-2')).toBe(
      'The orchestrators of project app share one managed worktree, and a-orchestrator is the one offered for restore.',
    );
  });

  it('without the canonical id, offers the most recently active orchestrator', () => {
    const notOffered = oneRestorePerWorktree([
      candidate({ id: 'a-orchestrator-1', kind: 'orchestrator', branch: 'o/1', activityLastAt: '2026-06-01 00:00:00 +0000 UTC' }),
      candidate({ id: 'a-orchestrator-2', kind: 'orchestrator', branch: 'o/2', activityLastAt: '2026-06-02 00:00:00 +0000 UTC' }),
    ]);
    expect([...notOffered.keys()]).toEqual(['a-orchestrator-1']);
  });

  it('offers one session per branch of a project: a resume before a restart, then the most recent', () => {
    const notOffered = oneRestorePerWorktree([
      candidate({ id: 'a-1', branch: 'feat/x', restartsFromPrompt: true, activityLastAt: '2026-06-30 00:00:00 +0000 UTC' }),
      candidate({ id: 'a-2', branch: 'feat/x', activityLastAt: '2026-06-01 00:00:00 +0000 UTC' }),
      candidate({ id: 'a-3', branch: 'feat/x', activityLastAt: '2026-06-02 00:00:00 +0000 UTC' }),
      candidate({ id: 'b-1', branch: 'feat/x', projectId: 'b' }),
    ]);
    expect([...notOffered.keys()].sort()).toEqual(['a-1', 'a-2']);
    expect(notOffered.get('a-2')).toBe(
      'a-3 is on the same branch feat/x, and a branch can be checked out for one restored session only; a-3 is the one offered.',
    );
  });
});
