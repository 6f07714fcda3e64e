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
      return { id: session.claudeSessionUuid ?? '' };
    case 'codex':
      return { id: session.codexThreadId ?? '' };
    case 'opencode':
      return openCodeSessionId(session);
    default:
      return { id: '' };
  }
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
