import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** git with a fixed identity and no user or system config, so tests behave the same on every machine. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-C', cwd, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH,
      HOME: cwd,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 'test',
      GIT_AUTHOR_EMAIL: 'test@example.com',
      GIT_COMMITTER_NAME: 'test',
      GIT_COMMITTER_EMAIL: 'test@example.com',
    },
  }).trim();
}

/** Makes `dir` a repository on `main` with one commit (a README). */
export function initRepo(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  fs.writeFileSync(path.join(dir, 'README.md'), '# repo\n');
  git(dir, 'add', 'README.md');
  git(dir, 'commit', '-q', '-m', 'init');
}

/** `git worktree add -b <branch> <worktree>` from `repo`: the legacy worktree of a session, holding its branch. */
export function addWorktree(repo: string, worktree: string, branch: string): void {
  git(repo, 'worktree', 'add', '-q', '-b', branch, worktree);
}

/** The branch checked out at `worktree`, or `HEAD` when detached. */
export function currentBranch(worktree: string): string {
  return git(worktree, 'rev-parse', '--abbrev-ref', 'HEAD');
}
