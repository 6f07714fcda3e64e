import { execFileSync } from 'node:child_process';

/** What a worktree has checked out: its top-level directory and its branch (`null` when HEAD is detached). */
export interface WorktreeHead {
  toplevel: string;
  branch: string | null;
}

/**
 * The git effects the migration and `status` use; read-only (not even an
 * index refresh). Passed in for tests. `undefined` means "no answer": git
 * missing or slow, or not a repository. The worktree look-ups are optional
 * so that a git which only answers remotes (all the reader needs) still
 * fits; without them no worktree is known to block a restore.
 */
export interface Git {
  /** `git -C <repo> remote get-url origin`. */
  remoteOriginUrl(repoPath: string): string | undefined;
  /** The worktree containing `path` and its checked-out branch. */
  worktreeHead?(path: string): WorktreeHead | undefined;
  /** Whether the worktree at `path` has uncommitted changes, untracked files included. */
  isDirty?(path: string): boolean | undefined;
}

/** The one git effect that writes, kept apart so only `release-worktrees` is ever given it. */
export interface GitWriter {
  /** `git -C <path> checkout --detach`: frees the branch, keeps every file; throws with git's message on failure. */
  detachHead(path: string): void;
}

const TIMEOUT_MS = 3000;

/** Runs git; `undefined` when it fails, is missing or times out. */
function gitOutput(args: string[]): string | undefined {
  try {
    return execFileSync('git', args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: TIMEOUT_MS,
      // Never let a read refresh the index: the legacy worktrees are read-only to us.
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
    });
  } catch {
    return undefined;
  }
}

/** Runs the real `git` with a short timeout. */
export const nodeGit: Git = {
  remoteOriginUrl(repoPath) {
    const url = gitOutput(['-C', repoPath, 'remote', 'get-url', 'origin'])?.trim();
    return url === undefined || url === '' ? undefined : url;
  },
  worktreeHead(path) {
    const out = gitOutput(['-C', path, 'rev-parse', '--show-toplevel', '--symbolic-full-name', 'HEAD']);
    const [toplevel, ref] = out?.trim().split('\n') ?? [];
    if (toplevel === undefined || ref === undefined || toplevel === '') return undefined;
    return { toplevel, branch: ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : null };
  },
  isDirty(path) {
    const out = gitOutput(['-C', path, 'status', '--porcelain', '--untracked-files=normal']);
    return out === undefined ? undefined : out.trim() !== '';
  },
};

export const nodeGitWriter: GitWriter = {
  detachHead(path) {
    try {
      execFileSync('git', ['-C', path, 'checkout', '--detach'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 10_000,
      });
    } catch (error) {
      const stderr = (error as { stderr?: unknown }).stderr;
      const message = typeof stderr === 'string' && stderr.trim() !== '' ? stderr.trim() : String(error);
      throw new Error(`git checkout --detach in ${path} failed: ${message}`);
    }
  },
};
