import type { LegacySession } from '../legacy/types.js';
import { normalizeProjectPath } from './project-path.js';
import type { SessionKind } from './rows.js';

/**
 * Legacy 0.2.x ran its orchestrator in the project checkout itself, on the
 * default branch (legacy-store §8). The rewrite restores an orchestrator in
 * a worktree of its own, where `git worktree add` cannot check out a branch
 * the checkout holds, and the checkout is the user's: it is never changed.
 * So such an orchestrator gets a branch of its own, `ao/<id>/root` (the
 * rewrite's own form), which restore creates from the default branch's
 * head; its conversation is resumed there. `undefined` for any other session.
 */
export function checkoutOrchestratorBranch(
  session: Pick<LegacySession, 'id' | 'worktree' | 'branch'>,
  kind: SessionKind,
  projectPath: string,
  homeDir: string,
): { branch: string; note: string } | undefined {
  if (kind !== 'orchestrator' || session.worktree === undefined) return undefined;
  const worktree = normalizeProjectPath(session.worktree, homeDir);
  if (worktree === undefined || worktree !== normalizeProjectPath(projectPath, homeDir)) return undefined;
  const branch = `ao/${session.id}/root`;
  const was = session.branch === undefined ? 'no branch of its own' : `branch ${session.branch}`;
  return {
    branch,
    note:
      `Legacy ran this orchestrator in your project checkout ${worktree} (${was}); the rewrite restores it in its own worktree, ` +
      `on the new branch ${branch} (created from the default branch at restore), so your checkout is never touched.`,
  };
}
