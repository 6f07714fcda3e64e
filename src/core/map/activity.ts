import type { LegacySession } from '../legacy/types.js';
import type { ImportMode } from '../plan/types.js';
import type { ActivityState } from './rows.js';

export interface Activity {
  activity_state: ActivityState;
  is_terminated: 0 | 1;
}

/**
 * Activity columns by import mode (migration-rules §2). `restorable` rows are
 * terminated so `ao session restore` accepts them; `live` rows keep the legacy
 * state but can never be restored at v12.
 */
export function sessionActivity(session: LegacySession, mode: ImportMode): Activity {
  if (mode === 'restorable') return { activity_state: 'exited', is_terminated: 1 };
  return { activity_state: liveState(legacyState(session)), is_terminated: 0 };
}

/** The lifecycle state; `status` only speaks for records without a lifecycle. */
function legacyState(session: LegacySession): string | undefined {
  return session.lifecycle ? session.lifecycle.session?.state : session.status;
}

function liveState(state: string | undefined): ActivityState {
  switch (state) {
    case 'working':
    case 'starting': // 0.2.x's bash scripts wrote it for a session coming up; 0.2.x itself read it as working.
      return 'active';
    case 'needs_input':
      return 'waiting_input';
    default:
      return 'idle';
  }
}
