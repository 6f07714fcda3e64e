import { execFileSync } from 'node:child_process';
import { nodeFileSystem, realpathOrSelf } from './fs.js';
import { parseWorktreeList, repositoryOfWorktree } from './git-worktree-list.js';

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
  /** What the worktree at `path` has uncommitted: changes to tracked files, untracked files. */
  changes?(path: string): WorktreeChanges | undefined;
}

/** Uncommitted state of a worktree: `git checkout --detach` keeps both, but only tracked changes are the session's unsaved work. */
export interface WorktreeChanges {
  /** Staged or unstaged changes to tracked files. */
  tracked: boolean;
  /** Untracked files (not ignored ones). */
  untracked: boolean;
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

/**
 * The real `git`, with a short timeout, for one run. Worktree heads come
 * from one `git worktree list` per repository, not one process per session:
 * a store can have thousands of live worktrees. Make one per run, so a
 * later run never sees an earlier run's list.
 */
export function createNodeGit(): Git {
  // By repository, then by worktree real path; `undefined` when git could not list (missing, or too old for -z).
  const listsByRepository = new Map<string, Map<string, WorktreeHead> | undefined>();
  const listed = (repository: string, worktree: string) => {
    if (!listsByRepository.has(repository)) {
      const out = gitOutput(['-C', worktree, 'worktree', 'list', '--porcelain', '-z']);
      const heads = out === undefined ? undefined : parseWorktreeList(out);
      listsByRepository.set(repository, heads && new Map(heads.map((head) => [head.toplevel, head])));
    }
    return listsByRepository.get(repository);
  };
  return {
    remoteOriginUrl(repoPath) {
      const url = gitOutput(['-C', repoPath, 'remote', 'get-url', 'origin'])?.trim();
      return url === undefined || url === '' ? undefined : url;
    },
    worktreeHead(path) {
      const repository = repositoryOfWorktree(path);
      const list = repository === undefined ? undefined : listed(repository, path);
      return list?.get(realpathOrSelf(nodeFileSystem, path)) ?? worktreeHeadOf(path);
    },
    changes(path) {
      const out = gitOutput(['-C', path, 'status', '--porcelain', '--untracked-files=normal']);
      if (out === undefined) return undefined;
      const lines = out.split('\n').filter((line) => line !== '');
      return { tracked: lines.some((line) => !line.startsWith('??')), untracked: lines.some((line) => line.startsWith('??')) };
    },
  };
}

/** `git rev-parse` in `path` itself: for what the worktree lists do not answer (a subdirectory, an old git). */
function worktreeHeadOf(path: string): WorktreeHead | undefined {
  const out = gitOutput(['-C', path, 'rev-parse', '--show-toplevel', '--symbolic-full-name', 'HEAD']);
  const [toplevel, ref] = out?.trim().split('\n') ?? [];
  if (toplevel === undefined || ref === undefined || toplevel === '') return undefined;
  return { toplevel, branch: ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : null };
}

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
