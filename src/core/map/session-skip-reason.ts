import type { LegacySession } from '../legacy/types.js';
import { terminalReason } from './terminal.js';

/**
 * Why a session of a migrated project gets no row, or `undefined` when it
 * gets one. The id becomes a path segment of the daemon's managed worktree,
 * so only the legacy charset is accepted.
 */
export function sessionSkipReason(session: LegacySession): string | undefined {
  if (!/^[A-Za-z0-9_-]+$/.test(session.id)) {
    return `session id '${session.id}' is not a valid session id (letters, digits, '_', '-')`;
  }
  return terminalReason(session);
}
