import { copyThreadId, THREAD_ID } from '../agent-directory/codex/copy-thread-id.js';
import type { LegacySession } from '../legacy/types.js';

export interface AgentSessionId {
  /** `''` when the harness has no resumable id. */
  id: string;
  note?: string;
}

/** The id the harness resumes from (migration-rules §3). */
export function agentSessionId(session: LegacySession, harness: string): AgentSessionId {
  switch (harness) {
    case 'claude-code':
      return claudeSessionId(session);
    case 'codex':
      return { id: session.codexThreadId ?? '' };
    case 'opencode':
      return openCodeSessionId(session);
    default:
      return { id: '' };
  }
}

/**
 * The id the daemon resumes in the session's managed worktree. A codex
 * thread is resumed through its copy for that worktree (`copyThreadId`: the
 * copy records the managed path as its directory, so codex neither asks which
 * directory to use nor works in the legacy worktree; agents.md); the copy's
 * id is the same on every run. Every other agent resumes its own id.
 */
export function idInManagedWorktree(harness: string, legacyId: string, managedPath: string): string {
  return harness === 'codex' && THREAD_ID.test(legacyId) ? copyThreadId(legacyId, managedPath) : legacyId;
}

/** The recorded `claudeSessionUuid`, else the one inferred as legacy 0.2.x would have resumed (legacy-store §8). */
function claudeSessionId(session: LegacySession): AgentSessionId {
  if (session.claudeSessionUuid !== undefined && session.claudeSessionUuid !== '') return { id: session.claudeSessionUuid };
  const inference = session.claudeInference;
  if (inference === undefined) return { id: '' };
  if (inference.uuid === undefined) return { id: '', note: `No claudeSessionUuid is recorded, and none could be inferred: ${inference.reason}.` };
  const others =
    inference.otherCandidates.length === 0 ? 'it is the only one' : `other candidates there: ${inference.otherCandidates.join(', ')}`;
  const since =
    inference.writtenAfter === undefined
      ? ''
      : ` Only transcripts written after the session started (${inference.writtenAfter}) counted: it ran in the project checkout, whose bucket also holds your own conversations.`;
  return {
    id: inference.uuid,
    note:
      `No claudeSessionUuid is recorded (legacy 0.2.x never wrote one): inferred ${inference.uuid}, the newest transcript ` +
      `(not agent-*) in ${inference.bucket}, the one 0.2.x itself resumed; ${others}.${since}`,
  };
}

function openCodeSessionId(session: LegacySession): AgentSessionId {
  const id = session.opencodeSessionId;
  if (id === undefined || id === '') return { id: '' };
  if (session.opencodeCleanedAt !== undefined) {
    return { id: '', note: `OpenCode session '${id}' was purged (opencodeCleanedAt is set); agent_session_id left empty.` };
  }
  if (!/^ses_[A-Za-z0-9_-]+$/.test(id)) {
    return { id: '', note: `opencodeSessionId '${id}' is not an OpenCode session id (ses_…); agent_session_id left empty.` };
  }
  return { id };
}
