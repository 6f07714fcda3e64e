import { describe, expect, it } from 'vitest';
import { restoreCommand, rowResumeBlockers, type RestoreFields } from '../../src/core/resume/row-resume-blockers.js';

const fields = (overrides: Partial<RestoreFields>): RestoreFields => ({
  harness: 'claude-code',
  branch: 'feat/x',
  agentSessionId: 'uuid-1',
  prompt: 'Fix it',
  ...overrides,
});

describe("rowResumeBlockers: today's restore rules (rewrite-today §3)", () => {
  it('a known agent, a branch and an agent session id: resumable', () => {
    for (const harness of ['claude-code', 'codex', 'opencode', 'aider']) {
      expect(rowResumeBlockers(fields({ harness }))).toEqual({ resumable: true, reasons: [] });
    }
  });

  it('claude without an agent session id is not resumable, even with a prompt: the daemon would resume an invented id', () => {
    expect(rowResumeBlockers(fields({ agentSessionId: '' }))).toEqual({
      resumable: false,
      reasons: ['It has no Claude session id, so the rewrite would resume an unknown conversation.'],
    });
  });

  it('codex or opencode with only a prompt would be started afresh: not resumable, marked as a restart', () => {
    for (const harness of ['codex', 'opencode']) {
      expect(rowResumeBlockers(fields({ harness, agentSessionId: '' }))).toEqual({
        resumable: false,
        reasons: ['There is no agent session id to resume: restore would start the task again from its prompt.'],
        restartsFromPrompt: true,
      });
    }
  });

  it('neither an id nor a prompt: nothing to resume or start from', () => {
    expect(rowResumeBlockers(fields({ harness: 'codex', agentSessionId: '', prompt: '' })).reasons).toEqual([
      'Neither an agent session id nor a prompt is recorded, so restore has nothing to resume or start from.',
    ]);
  });

  it('an agent unknown to the rewrite, or none at all, makes restore fail', () => {
    expect(rowResumeBlockers(fields({ harness: '', agent: 'gemini' })).reasons).toEqual([
      'Agent gemini is unknown to the rewrite; restore would fail.',
    ]);
    expect(rowResumeBlockers(fields({ harness: '' })).reasons[0]).toMatch(/^No agent is recorded/);
    // No restart is offered for an agent the daemon cannot start at all.
    expect(rowResumeBlockers(fields({ harness: '', agent: 'gemini', agentSessionId: '' })).restartsFromPrompt).toBeUndefined();
  });

  it('no branch: restore cannot create the worktree', () => {
    const readiness = rowResumeBlockers(fields({ branch: '', harness: 'codex', agentSessionId: '' }));
    expect(readiness.reasons).toEqual([
      'No branch is recorded, so restore cannot create its worktree.',
      'There is no agent session id to resume: restore would start the task again from its prompt.',
    ]);
    expect(readiness.resumable).toBe(false);
  });
});

describe('restoreCommand', () => {
  it('prints the restore line, with `--` before an id that reads as an option', () => {
    expect(restoreCommand('ma-7')).toBe('ao session restore ma-7');
    expect(restoreCommand('_x')).toBe('ao session restore _x');
    expect(restoreCommand('-rf')).toBe('ao session restore -- -rf');
  });
});
