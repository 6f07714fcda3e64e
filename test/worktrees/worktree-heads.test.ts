import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNodeGit } from '../../src/core/effects/git.js';
import { addWorktree, git, initRepo } from './git-fixture.js';

/**
 * The real git effect, with `git` on the PATH replaced by a wrapper that
 * logs each call and runs the real one: a store with thousands of live
 * legacy worktrees must not cost a git process per session.
 */
let dir: string;
let repo: string;
let callLog: string;
let savedPath: string | undefined;
beforeEach(() => {
  dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ao-migrate-worktree-heads-')));
  repo = path.join(dir, 'repo');
  initRepo(repo);
  const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  const bin = path.join(dir, 'bin');
  callLog = path.join(dir, 'git-calls.log');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'git'), `#!/bin/sh\necho "$*" >> '${callLog}'\nexec '${realGit}' "$@"\n`, { mode: 0o755 });
  savedPath = process.env.PATH;
  process.env.PATH = `${bin}${path.delimiter}${savedPath ?? ''}`;
});
afterEach(() => {
  process.env.PATH = savedPath;
  fs.rmSync(dir, { recursive: true, force: true });
});

const gitCalls = () => (fs.existsSync(callLog) ? fs.readFileSync(callLog, 'utf8').trim().split('\n') : []);

describe('worktree heads from the real git', () => {
  it('answers for many worktrees of one repository from one git process', () => {
    const worktrees = Array.from({ length: 6 }, (_, i) => path.join(dir, 'worktrees', `s-${i}`));
    worktrees.forEach((worktree, i) => addWorktree(repo, worktree, `feat/s-${i}`));
    git(worktrees[5] as string, 'checkout', '-q', '--detach');
    fs.rmSync(callLog); // the set-up's own git calls

    const nodeGit = createNodeGit();
    const heads = [repo, ...worktrees].map((worktree) => nodeGit.worktreeHead?.(worktree));

    expect(heads).toEqual([
      { toplevel: repo, branch: 'main' },
      ...worktrees.map((worktree, i) => ({ toplevel: worktree, branch: i === 5 ? null : `feat/s-${i}` })),
    ]);
    expect(gitCalls()).toEqual([expect.stringMatching(/ worktree list --porcelain -z$/)]);
  });

  it('asks git about a path that is not a worktree top level, as before', () => {
    const worktree = path.join(dir, 'worktrees', 's-1');
    addWorktree(repo, worktree, 'feat/s-1');
    fs.mkdirSync(path.join(worktree, 'sub'));

    expect(createNodeGit().worktreeHead?.(path.join(worktree, 'sub'))).toEqual({ toplevel: worktree, branch: 'feat/s-1' });
    expect(createNodeGit().worktreeHead?.(path.join(dir, 'not-a-repo'))).toBeUndefined();
  });

  it('knows nothing without git, even where the files would tell', () => {
    const worktree = path.join(dir, 'worktrees', 's-1');
    addWorktree(repo, worktree, 'feat/s-1');
    process.env.PATH = path.join(dir, 'empty-bin');

    expect(createNodeGit().worktreeHead?.(worktree)).toBeUndefined();
  });

  it('a new instance sees what changed since an earlier one listed the repository', () => {
    const worktree = path.join(dir, 'worktrees', 's-1');
    addWorktree(repo, worktree, 'feat/s-1');
    expect(createNodeGit().worktreeHead?.(worktree)?.branch).toBe('feat/s-1');

    git(worktree, 'checkout', '-q', '--detach');
    expect(createNodeGit().worktreeHead?.(worktree)?.branch).toBeNull();
  });
});
