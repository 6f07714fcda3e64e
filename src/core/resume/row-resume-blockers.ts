import type { ResumeReadiness } from '../plan/types.js';

/** The columns of a session row (planned or stored) that decide what `ao session restore` does with it. */
export interface RestoreFields {
  harness: string;
  branch: string;
  agentSessionId: string;
  prompt: string;
  /** The legacy agent that ran the session, when known; explains an empty harness. */
  agent?: string;
}

/** The sentence for a row that restore would start afresh from its prompt: a restart, not a resume. */
export const RESTARTS_FROM_PROMPT = 'There is no agent session id to resume: restore would start the task again from its prompt.';

/**
 * What the row says against `ao session restore <id>` by today's rules
 * (rewrite-today §3), liveness aside (the callers word that for their
 * case). A non-Claude agent without an id but with a prompt is restarted
 * from the prompt, not resumed: not resumable, marked `restartsFromPrompt`
 * so that, when nothing else stands against it, the restore line can still
 * be offered under that heading.
 */
export function rowResumeBlockers(fields: RestoreFields): ResumeReadiness {
  const reasons: string[] = [];
  if (fields.harness === '') {
    reasons.push(
      fields.agent === undefined
        ? 'No agent is recorded for it, its project or the registry defaults, and restore fails without one.'
        : `Agent ${fields.agent} is unknown to the rewrite; restore would fail.`,
    );
  }
  if (fields.branch === '') reasons.push('No branch is recorded, so restore cannot create its worktree.');
  if (fields.agentSessionId === '') {
    if (fields.harness === 'claude-code') {
      reasons.push('It has no Claude session id, so the rewrite would resume an unknown conversation.');
    } else if (fields.prompt === '') {
      reasons.push('Neither an agent session id nor a prompt is recorded, so restore has nothing to resume or start from.');
    } else if (fields.harness !== '') {
      reasons.push(RESTARTS_FROM_PROMPT);
      return { resumable: false, reasons, restartsFromPrompt: true };
    }
  }
  return { resumable: reasons.length === 0, reasons };
}

/** `ao session restore <id>`, with `--` before an id that would read as an option. */
export function restoreCommand(sessionId: string): string {
  return sessionId.startsWith('-') ? `ao session restore -- ${sessionId}` : `ao session restore ${sessionId}`;
}
