import * as path from 'node:path';
import type { FileSystem } from '../effects/fs.js';
import { realpathOrSelf, statOrUndefined } from '../effects/fs.js';
import type { Git, WorktreeChanges } from '../effects/git.js';
import { projectCheckoutReason } from './project-checkout.js';

/** A legacy worktree that still has a session's branch checked out. */
export interface WorktreeBlocker {
  worktree: string;
  branch: string;
  /** What is uncommitted there (the resumed session would not see it); `undefined` when git could not tell. */
  changes: WorktreeChanges | undefined;
  /** Set when it is the project's own checkout (why): the user's, which ao-migrate never changes. */
  projectCheckout?: string;
}

export interface WorktreeEffects {
  fs: FileSystem;
  git: Git;
}

/**
 * Whether `git worktree add <branch>` in the rewrite will fail because the
 * legacy worktree still has the branch checked out (rewrite-v12 §6). A
 * missing directory or a non-repository is "no blocker", never an error.
 * `'unchecked'` when the directory is a git worktree (it has a `.git`) but
 * git gave no answer (not installed, failing, too slow): it may hold the
 * branch, so the caller says that it could not tell. `projectPath` (the
 * session's project) tells the project's own checkout apart.
 */
export function findWorktreeBlocker(
  branch: string,
  worktree: string,
  { fs, git }: WorktreeEffects,
  projectPath?: string,
): WorktreeBlocker | 'unchecked' | undefined {
  // existsSync first: most legacy worktrees are long gone, and a thrown ENOENT per session is costly.
  if (branch === '' || worktree === '' || !fs.existsSync(worktree) || !statOrUndefined(fs, worktree)?.isDirectory()) {
    return undefined;
  }
  const head = git.worktreeHead?.(worktree);
  if (head === undefined) return fs.existsSync(path.join(worktree, '.git')) ? 'unchecked' : undefined;
  if (head.branch !== branch) return undefined;
  // A plain directory inside some other repository is not a worktree of its own.
  if (realpathOrSelf(fs, head.toplevel) !== realpathOrSelf(fs, worktree)) return undefined;
  const projectCheckout = projectCheckoutReason(fs, worktree, projectPath);
  return { worktree, branch, changes: git.changes?.(worktree), ...(projectCheckout === undefined ? {} : { projectCheckout }) };
}

/** `git stash`, with `-u` when untracked files are there too (plain `git stash` leaves them). */
export function stashCommand(worktree: string, changes: WorktreeChanges): string {
  return `git -C ${worktree} stash${changes.untracked ? ' -u' : ''}`;
}

/** One sentence a user can act on. */
export function describeWorktreeBlocker(blocker: WorktreeBlocker, sessionId: string): string {
  const { worktree, branch, changes, projectCheckout } = blocker;
  const where = `The branch ${branch} is still checked out in the legacy worktree ${worktree}, so \`git worktree add\` in the rewrite will fail`;
  if (projectCheckout !== undefined) {
    return (
      `${where}; it is the project's own checkout (${projectCheckout}), which ao-migrate never changes: ` +
      `to restore ${sessionId}, check out another branch there yourself (\`git -C ${worktree} switch <another branch>\`).`
    );
  }
  if (changes?.tracked === true) {
    return (
      `${where}; it has uncommitted changes, which the resumed session would not see: commit them there ` +
      `(or \`${stashCommand(worktree, changes)}\`), then run \`ao-migrate release-worktrees --session ${sessionId} --yes\`.`
    );
  }
  const state =
    changes === undefined
      ? 'git could not tell whether it has uncommitted changes'
      : changes.untracked
        ? 'it has no uncommitted changes to tracked files (its untracked files stay where they are)'
        : 'it has no uncommitted changes';
  return `${where}; ${state}: free the branch with \`ao-migrate release-worktrees --session ${sessionId} --yes\` (or \`git -C ${worktree} checkout --detach\`).`;
}
