import type { SessionRow } from '../map/rows.js';
import { rowResumeBlockers } from '../resume/row-resume-blockers.js';
import type { ImportMode, ResumeReadiness } from './types.js';

/** The warning for live rows, in the summary, the notes and `--help` alike. */
export const LIVE_MODE_WARNING =
  "--mode live inserts the sessions as running, but today's daemon terminates such rows at its next start and cannot restore, " +
  'kill or send to them meanwhile; --mode restorable (the default) is the useful mode.';

/**
 * What the planned row says about `ao session restore <id>` (rewrite-today
 * §3). The disk checks (transcript at the destination, legacy worktree still
 * holding the branch) and the one-per-worktree choice come later, where the
 * disk and every session are looked at.
 */
export function rowResumeReadiness(row: SessionRow, mode: ImportMode, agent: string | undefined): ResumeReadiness {
  const readiness = rowResumeBlockers({
    harness: row.harness,
    branch: row.branch,
    agentSessionId: row.agent_session_id,
    prompt: row.prompt,
    ...(agent === undefined ? {} : { agent }),
  });
  if (mode === 'restorable') return readiness;
  const live = 'Imported live (--mode live): the daemon terminates it at its next start; migrate in restorable mode to resume it.';
  return { resumable: false, reasons: [live, ...readiness.reasons] };
}

/** A session that gets no row cannot be restored. */
export function skippedResumeReadiness(reason: string): ResumeReadiness {
  return { resumable: false, reasons: [`Not migrated (${reason}).`] };
}
