import { z } from 'zod';
import type { SqliteDatabase } from '../database/sqlite-driver.js';

/** The columns of a stored session that decide whether `ao session restore` accepts it (rewrite-v12 §6). */
export interface StoredSessionState {
  id: string;
  isTerminated: boolean;
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
      branch: text,
      workspace_path: text,
      agent_session_id: text,
      prompt: text,
    })
    .transform((row) => ({
      id: row.id,
      isTerminated: row.is_terminated === 1 || row.is_terminated === 1n || row.is_terminated === true,
      branch: row.branch,
      workspacePath: row.workspace_path,
      agentSessionId: row.agent_session_id,
      prompt: row.prompt,
    })),
);

/** Every stored session's restore-relevant columns, by id. */
export function readSessionStates(db: SqliteDatabase): Map<string, StoredSessionState> {
  const rows = Rows.parse(
    db.prepare('SELECT id, is_terminated, branch, workspace_path, agent_session_id, prompt FROM sessions').all(),
  );
  return new Map(rows.map((row) => [row.id, row]));
}

/** What the stored row says against a restore. */
export function storedRowBlockers(row: StoredSessionState): string[] {
  const reasons: string[] = [];
  if (!row.isTerminated) {
    reasons.push(
      'The rewrite holds it as live (is_terminated = 0): it was migrated with --mode live, or has been restored already; ' +
        '`ao session restore` accepts only exited sessions.',
    );
  }
  if (row.branch === '') reasons.push('No branch is recorded, so restore cannot re-create its worktree.');
  if (row.workspacePath === '') reasons.push('No legacy worktree path is recorded, and restore requires one.');
  if (row.agentSessionId === '' && row.prompt === '') {
    reasons.push('Neither an agent session id nor a prompt is recorded, so restore has nothing to resume or start from.');
  }
  return reasons;
}
