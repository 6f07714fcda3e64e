import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeFileSystem } from '../../src/core/effects/fs.js';
import type { Git } from '../../src/core/effects/git.js';
import { findWorktreeBlocker } from '../../src/core/worktrees/find-worktree-blocker.js';

let dir: string;
beforeEach(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ao-migrate-blocker-')));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A git that is there but fails for every worktree (a broken repository, a timeout). */
const failingGit: Git = { remoteOriginUrl: () => undefined, worktreeHead: () => undefined, changes: () => undefined };

describe('findWorktreeBlocker when git gives no answer', () => {
  it('is unchecked for a directory that is a git worktree: it may hold the branch', () => {
    const worktree = path.join(dir, 'ma-1');
    fs.mkdirSync(worktree);
    fs.writeFileSync(path.join(worktree, '.git'), 'gitdir: /somewhere/.git/worktrees/ma-1\n');
    expect(findWorktreeBlocker('feat/login', worktree, { fs: nodeFileSystem, git: failingGit })).toBe('unchecked');
  });

  it('knows without git that a plain directory or a missing one holds no branch', () => {
    const plain = path.join(dir, 'plain');
    fs.mkdirSync(plain);
    expect(findWorktreeBlocker('feat/login', plain, { fs: nodeFileSystem, git: failingGit })).toBeUndefined();
    expect(findWorktreeBlocker('feat/login', path.join(dir, 'gone'), { fs: nodeFileSystem, git: failingGit })).toBeUndefined();
  });
});
