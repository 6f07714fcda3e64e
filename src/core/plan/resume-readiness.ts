import type { SessionRow } from '../map/rows.js';
import type { ImportMode, ResumeReadiness } from './types.js';

/**
 * What the row alone says about `ao session restore <id>` (rewrite-v12 §6).
 * The file-system checks (transcript at the destination, legacy worktree
 * still holding the branch) are added where the disk is looked at.
 */
export function rowResumeReadiness(row: SessionRow, mode: ImportMode): ResumeReadiness {
  const reasons: string[] = [];
  if (mode === 'live') {
    reasons.push(
      'Imported live (is_terminated = 0): `ao session restore` accepts only terminated rows; migrate in restorable mode to resume it.',
    );
  }
  if (row.branch === '') reasons.push('No branch is recorded, so restore cannot re-create its worktree.');
  if (row.workspace_path === '') reasons.push('No legacy worktree path is recorded, and restore requires one.');
  if (row.agent_session_id === '' && row.prompt === '') {
    reasons.push('Neither an agent session id nor a prompt is recorded, so restore has nothing to resume or start from.');
  }
  return { resumable: reasons.length === 0, reasons };
}

/** A session that gets no row cannot be restored. */
export function skippedResumeReadiness(reason: string): ResumeReadiness {
  return { resumable: false, reasons: [`Not migrated (${reason}).`] };
}
