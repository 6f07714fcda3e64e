import { z } from 'zod';
import type { SqliteDatabase } from '../database/sqlite-driver.js';
import { isSqliteTrue } from '../database/target-state.js';
import type { ResumeReadiness } from '../plan/types.js';
import { rowResumeBlockers } from '../resume/row-resume-blockers.js';

/** The columns of a stored session that decide whether `ao session restore` accepts it (rewrite-v12 §6). */
export interface StoredSessionState {
  id: string;
  isTerminated: boolean;
  harness: string;
  branch: string;
  workspacePath: string;
  agentSessionId: string;
  prompt: string;
}

// SQLite columns are dynamically typed: take what is there, coerce once.
const text = z.unknown().transform((value) => (value === null || value === undefined ? '' : String(value)));

const Rows = z.array(
  z
    .object({
      id: z.string(),
      is_terminated: z.unknown(),
      harness: text,
      branch: text,
      workspace_path: text,
      agent_session_id: text,
      prompt: text,
    })
    .transform((row) => ({
      id: row.id,
      isTerminated: isSqliteTrue(row.is_terminated),
      harness: row.harness,
      branch: row.branch,
      workspacePath: row.workspace_path,
      agentSessionId: row.agent_session_id,
      prompt: row.prompt,
    })),
);

/** Every stored session's restore-relevant columns, by id. */
export function readSessionStates(db: SqliteDatabase): Map<string, StoredSessionState> {
  const rows = Rows.parse(
    db.prepare('SELECT id, is_terminated, harness, branch, workspace_path, agent_session_id, prompt FROM sessions').all(),
  );
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * What the stored row says against a restore, by the rules the migration
 * reports with; `managedPath` is where the daemon restores it, which the
 * desktop app (0.11+) requires the row to name.
 */
export function storedRowBlockers(row: StoredSessionState, managedPath: string, agent: string | undefined): ResumeReadiness {
  const readiness = rowResumeBlockers({
    harness: row.harness,
    branch: row.branch,
    agentSessionId: row.agentSessionId,
    prompt: row.prompt,
    ...(agent === undefined ? {} : { agent }),
  });
  const reasons = [...readiness.reasons];
  if (!row.isTerminated) {
    reasons.unshift(
      'The rewrite holds it live (is_terminated = 0): it was migrated with --mode live, or has been restored already; ' +
        '`ao session restore` accepts only exited sessions.',
    );
  }
  if (row.workspacePath !== managedPath) {
    reasons.push(
      `Its row names ${row.workspacePath || 'no worktree'}, not the rewrite's managed worktree ${managedPath}: the desktop app ` +
        'restores only managed worktrees (`ao-migrate undo`, then migrate again, writes the managed path).',
    );
  }
  return reasons.length === readiness.reasons.length ? readiness : { resumable: false, reasons };
}
