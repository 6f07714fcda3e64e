import * as path from 'node:path';
import type { FileSystem } from '../effects/fs.js';
import { realpathOrSelf, statOrUndefined } from '../effects/fs.js';
import type { Git } from '../effects/git.js';

/** A legacy worktree that still has a session's branch checked out. */
export interface WorktreeBlocker {
  worktree: string;
  branch: string;
  /** Uncommitted changes there (the resumed session would not see them); `undefined` when git could not tell. */
  dirty: boolean | undefined;
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
 * branch, so the caller says that it could not tell.
 */
export function findWorktreeBlocker(
  branch: string,
  worktree: string,
  { fs, git }: WorktreeEffects,
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
  return { worktree, branch, dirty: git.isDirty?.(worktree) };
}

/** One sentence a user can act on. */
export function describeWorktreeBlocker(blocker: WorktreeBlocker, sessionId: string): string {
  const { worktree, branch, dirty } = blocker;
  const where = `The branch ${branch} is still checked out in the legacy worktree ${worktree}, so \`git worktree add\` in the rewrite will fail`;
  if (dirty === true) {
    return (
      `${where}; it has uncommitted changes, which the resumed session would not see: commit them there ` +
      `(or \`git -C ${worktree} stash\`), then run \`ao-migrate release-worktrees --session ${sessionId} --yes\`.`
    );
  }
  const state = dirty === false ? 'it has no uncommitted changes' : 'git could not tell whether it has uncommitted changes';
  return `${where}; ${state}: free the branch with \`ao-migrate release-worktrees --session ${sessionId} --yes\` (or \`git -C ${worktree} checkout --detach\`).`;
}


