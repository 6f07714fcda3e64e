import type { Note } from '../note.js';
import type { ItemStatus } from '../outcome.js';
import { withoutUndefined } from '../without-undefined.js';

/** A migrated codex or opencode session whose agent must work in the managed worktree when the daemon resumes it. */
export interface AgentDirectoryRequest {
  /** The rewrite's session id (reports and ledger). */
  sessionId: string;
  /** The codex thread id or the opencode session id (`ses_…`) the legacy store recorded. */
  agentSessionId: string;
  /** The legacy worktree: the directory the agent recorded for the session. */
  legacyWorktree: string;
  /** Where the daemon will restore the session (rewrite-v12 §6), data dir symlink-resolved. */
  managedPath: string;
}

/**
 * How relocating one session's recorded directory ended (in a dry run:
 * would end). `created`: this run made the agent's record name the managed
 * path; `already-present`: it already did; `skipped`: nothing to relocate
 * (no such session in the agent's store, unusable id); `conflict`: the
 * store holds something else than expected and was left alone; `failed`: an
 * error (or the agent having its store open) stopped this item.
 */
export interface AgentDirectoryOutcome {
  sessionId: string;
  harness: 'codex' | 'opencode';
  /** The id the legacy store recorded. */
  agentSessionId: string;
  /**
   * The id the daemon must resume in the managed worktree (the row's
   * `agent_session_id`): for codex the copy's thread id, for opencode the same id.
   * Present when the outcome is `created` or `already-present` (in a dry run: would be).
   */
  resumeId?: string;
  status: ItemStatus;
  reason?: string;
  /**
   * Set whenever the agent will NOT work in the managed worktree after this
   * run: one sentence, "Not resumable in the new worktree: …", for the
   * session's readiness. Absent for `created` and `already-present`.
   */
  notResumable?: string;
  notes: Note[];
}

export interface AgentDirectoryOptions {
  /** Decide and report exactly as a real run would, but write nothing, not even a backup. */
  dryRun?: boolean;
  /** Stamps the store's backup name. */
  now?: Date;
}

/** What a relocation run did to one agent store: outcomes in request order, and what the ledger must keep to undo it. */
export interface AgentDirectoryRun<TRecord> {
  outcomes: AgentDirectoryOutcome[];
  records: TRecord[];
  /** The copy of the store's database taken before the first write; absent when nothing was written. */
  backupPath?: string;
}

export function notResumable(why: string): string {
  return `Not resumable in the new worktree: ${why}.`;
}

/** One outcome, without the optional fields that are not set. */
export function agentOutcome(
  harness: AgentDirectoryOutcome['harness'],
  request: AgentDirectoryRequest,
  status: ItemStatus,
  extra: { resumeId?: string; reason?: string; notResumable?: string; notes?: Note[] } = {},
): AgentDirectoryOutcome {
  return withoutUndefined({
    sessionId: request.sessionId,
    harness,
    agentSessionId: request.agentSessionId,
    resumeId: extra.resumeId,
    status,
    reason: extra.reason,
    notResumable: extra.notResumable,
    notes: extra.notes ?? [],
  });
}
