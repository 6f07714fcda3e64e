import * as path from 'node:path';
import type { SessionKind } from '../map/rows.js';

/**
 * Where the rewrite's daemon will create a session's worktree when it is
 * restored (rewrite-v12 §6). `dataDir` should already be symlink-resolved
 * (see `resolveExistingAncestor`) when the result names a Claude bucket.
 */
export function managedWorktreePath(
  dataDir: string,
  projectId: string,
  sessionId: string,
  kind: SessionKind,
  sessionPrefix: string,
): string {
  const worktrees = path.join(dataDir, 'worktrees', projectId);
  return kind === 'orchestrator'
    ? path.join(worktrees, 'orchestrator', `${sessionPrefix}-orchestrator`)
    : path.join(worktrees, sessionId);
}

/** The prefix the daemon uses for a project: `config.sessionPrefix`, else the id's first 12 characters. */
export function daemonSessionPrefix(projectId: string, configSessionPrefix: string | undefined): string {
  return configSessionPrefix && configSessionPrefix !== '' ? configSessionPrefix : projectId.slice(0, 12);
}
