import * as fs from 'node:fs';
import * as path from 'node:path';
import { nodeFileSystem, realpathOrSelf } from './fs.js';
import type { WorktreeHead } from './git.js';

/**
 * The repository (git common dir) that `worktree` is the top level of, read
 * from `<worktree>/.git` without running git: a directory for a main
 * worktree, a `gitdir:` file for a linked one. `undefined` for anything else
 * (not a top level, not a repository, an unusual layout): the caller then
 * asks git about that path alone.
 */
export function repositoryOfWorktree(worktree: string): string | undefined {
  const dotGit = path.join(worktree, '.git');
  try {
    if (fs.statSync(dotGit).isDirectory()) return fs.realpathSync(dotGit);
    const gitdir = /^gitdir: (.+)$/m.exec(fs.readFileSync(dotGit, 'utf8'))?.[1]?.trim();
    if (gitdir === undefined) return undefined;
    const worktreeGitDir = path.resolve(worktree, gitdir);
    const commondir = fs.readFileSync(path.join(worktreeGitDir, 'commondir'), 'utf8').trim();
    return fs.realpathSync(path.resolve(worktreeGitDir, commondir));
  } catch {
    return undefined;
  }
}

/**
 * Parses `git worktree list --porcelain -z`: each worktree's path (real
 * path, for comparing) and the branch it has checked out (`null` when
 * detached or bare).
 */
export function parseWorktreeList(output: string): WorktreeHead[] {
  const heads: WorktreeHead[] = [];
  let current: WorktreeHead | undefined;
  for (const field of output.split('\0')) {
    if (field.startsWith('worktree ')) {
      current = { toplevel: realpathOrSelf(nodeFileSystem, field.slice('worktree '.length)), branch: null };
      heads.push(current);
    } else if (field.startsWith('branch refs/heads/') && current !== undefined) {
      current.branch = field.slice('branch refs/heads/'.length);
    }
  }
  return heads;
}


