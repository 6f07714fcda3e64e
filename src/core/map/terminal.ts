import type { LegacySession } from '../legacy/types.js';

/** Legacy `status` values that end a session; used only for records without a lifecycle. */
const TERMINAL_STATUSES: ReadonlySet<string> = new Set(['killed', 'cleanup', 'terminated', 'done', 'merged', 'errored']);

/**
 * Why a legacy session is over (legacy-store §4), or `undefined` while it is
 * live. Terminal sessions are not migrated (migration-rules §1). A lifecycle,
 * when present, makes `status` stale.
 */
export function terminalReason(session: LegacySession): string | undefined {
  if (session.terminatedAt !== undefined && session.terminatedAt !== '') return 'terminal: terminatedAt is set';
  if (session.lifecycle) {
    const state = session.lifecycle.session?.state;
    if (state === 'done' || state === 'terminated') return `terminal: state ${state}`;
    const terminatedAt = session.lifecycle.session?.terminatedAt;
    if (terminatedAt !== undefined && terminatedAt !== null && terminatedAt !== '') {
      return 'terminal: lifecycle terminatedAt is set';
    }
    return undefined;
  }
  if (session.status !== undefined && TERMINAL_STATUSES.has(session.status)) return `terminal: status ${session.status}`;
  return undefined;
}
