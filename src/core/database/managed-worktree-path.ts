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
  const worktrees = projectWorktrees(dataDir, projectId);
  return kind === 'orchestrator'
    ? below(below(worktrees, 'orchestrator'), `${sessionPrefix}-orchestrator`)
    : below(worktrees, sessionId);
}

/** The prefix the daemon uses for a project: `config.sessionPrefix`, else the id's first 12 characters. */
export function daemonSessionPrefix(projectId: string, configSessionPrefix: string | undefined): string {
  return configSessionPrefix && configSessionPrefix !== '' ? configSessionPrefix : projectId.slice(0, 12);
}

// Asked once per session, tens of thousands of times in a row for the same
// project: `path.join` normalises the whole path each time, which was most
// of a large run's garbage. The same strings, built once per project.
let last: { dataDir: string; projectId: string; worktrees: string } | undefined;

function projectWorktrees(dataDir: string, projectId: string): string {
  if (last?.dataDir !== dataDir || last.projectId !== projectId) {
    last = { dataDir, projectId, worktrees: path.join(dataDir, 'worktrees', projectId) };
  }
  return last.worktrees;
}

/** `path.join(parent, name)` of a normalised `parent`, without normalising it again when `name` is one plain segment. */
function below(parent: string, name: string): string {
  if (!/^[A-Za-z0-9._-]+$/.test(name) || name === '.' || name === '..') return path.join(parent, name);
  return parent.endsWith(path.sep) ? parent + name : parent + path.sep + name;
}
