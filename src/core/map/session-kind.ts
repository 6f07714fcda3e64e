import type { LegacySession } from '../legacy/types.js';
import { escapeRegExp } from './escape-regexp.js';
import type { SessionKind } from './rows.js';

/**
 * `orchestrator` for `role: "orchestrator"` or an id `<prefix>-orchestrator[-N]`;
 * else `worker` (migration-rules §3). Without a known prefix (a session of an
 * unknown project) only the role counts.
 */
export function sessionKind(session: Pick<LegacySession, 'id' | 'role'>, sessionPrefix: string | undefined): SessionKind {
  if (session.role === 'orchestrator') return 'orchestrator';
  if (sessionPrefix === undefined) return 'worker';
  return orchestratorIdPattern(sessionPrefix).test(session.id) ? 'orchestrator' : 'worker';
}

/** Compiled once per prefix: a store has few prefixes and many sessions. */
const patternByPrefix = new Map<string, RegExp>();

function orchestratorIdPattern(sessionPrefix: string): RegExp {
  let pattern = patternByPrefix.get(sessionPrefix);
  if (pattern === undefined) {
    pattern = new RegExp(`^${escapeRegExp(sessionPrefix)}-orchestrator(-\\d+)?$`);
    patternByPrefix.set(sessionPrefix, pattern);
  }
  return pattern;
}
