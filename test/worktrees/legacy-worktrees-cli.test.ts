import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeCodexThread } from '../../src/testing/agent-stores.js';
import { hashTree } from '../../src/testing/hash-tree.js';
import { makeWorld, writeStandardStore, type World } from '../e2e/world.js';
import { addWorktree, currentBranch, git, initRepo } from './git-fixture.js';

const APP = 'my-app_3f9c2a1b7d';

/**
 * The standard store with real git: ~/code/my-app is a repository whose
 * worktrees are the legacy worktrees of ma-1 (on feat/login, with only the
 * untracked `.claude/` files legacy itself wrote) and ma-2 (on feat/api,
 * with a change to a tracked file and a new untracked one).
 */
let world: World;
let repo: string;
let clean: string;
let dirty: string;
beforeEach(() => {
  world = makeWorld();
  writeStandardStore(world);
  repo = path.join(world.home, 'code', 'my-app');
  initRepo(repo);
  clean = world.legacyWorktree(APP, 'ma-1');
  dirty = world.legacyWorktree(APP, 'ma-2');
  addWorktree(repo, clean, 'feat/login');
  addWorktree(repo, dirty, 'feat/api');
  fs.mkdirSync(path.join(clean, '.claude'));
  fs.writeFileSync(path.join(clean, '.claude', 'settings.json'), '{"hooks": {}}\n');
  fs.appendFileSync(path.join(dirty, 'README.md'), 'edited, not committed\n');
  fs.writeFileSync(path.join(dirty, 'work-in-progress.txt'), 'not committed\n');
});
afterEach(() => world.cleanup());

function byId<T extends { id?: string; sessionId?: string }>(items: T[]): Record<string, T> {
  return Object.fromEntries(items.map((item) => [item.id ?? item.sessionId, item]));
}

describe('legacy worktrees that still hold a session branch', () => {
  it('status and the dry run name the worktree and whether it is dirty, and change nothing in git', () => {
    const before = hashTree(world.home, { ignoreDirectoryMtimes: true });

    const dryRun = world.run(['--dry-run', '--json']);
    expect(dryRun.status).toBe(0);
    const planned = byId<{ id: string; resumable: boolean; resumeBlockers: string[] }>(JSON.parse(dryRun.stdout).sessions);
    expect(planned['ma-1']?.resumable).toBe(false);
    expect(planned['ma-1']?.resumeBlockers).toEqual([
      expect.stringContaining(`The branch feat/login is still checked out in the legacy worktree ${clean}`),
    ]);
    expect(planned['ma-1']?.resumeBlockers[0]).toContain('no uncommitted changes to tracked files (its untracked files stay where they are)');
    expect(planned['ma-2']?.resumeBlockers[0]).toContain('it has uncommitted changes, which the resumed session would not see');
    expect(planned['ma-2']?.resumeBlockers[0]).toContain(`git -C ${dirty} stash -u`);
    expect(planned['ma-orchestrator']?.resumable).toBe(true); // a plain directory, not a worktree
    expect(JSON.parse(dryRun.stdout).notes.filter((n: { message: string }) => n.message.startsWith('git was not available'))).toEqual([]);
    expect(hashTree(world.home, { ignoreDirectoryMtimes: true })).toBe(before);

    world.run([]);
    const beforeStatus = hashTree(repo);
    const statusRun = world.run(['status', '--json']);
    expect(statusRun.status).toBe(1);
    const sessions = byId<{ id: string; migrated: boolean; resumable: boolean; reasons: string[] }>(JSON.parse(statusRun.stdout).sessions);
    expect(sessions['ma-1']).toMatchObject({ migrated: true, resumable: false });
    expect(sessions['ma-1']?.reasons).toEqual(planned['ma-1']?.resumeBlockers);
    expect(sessions['ma-2']?.reasons).toEqual(planned['ma-2']?.resumeBlockers);

    // Reading never touched git's state (not even an index refresh) nor the worktrees.
    expect(hashTree(repo)).toBe(beforeStatus);
    expect(currentBranch(clean)).toBe('feat/login');
  });

  it('without git on the PATH: no crash, and one store note (not one per session) says the worktrees could not be checked', () => {
    const noGit = { PATH: path.join(world.home, 'empty-bin') };
    const gitNotes = (notes: { scope: string; message: string }[]) => notes.filter((n) => n.message.startsWith('git was not available'));

    const migration = world.run(['--json'], noGit);
    expect(migration.status).toBe(0);
    const report = JSON.parse(migration.stdout);
    // ma-1 and ma-2 are git worktrees that git could not be asked about; ma-orchestrator is a plain directory.
    expect(gitNotes(report.notes)).toEqual([
      { scope: 'store', id: world.store.root, message: expect.stringContaining('could not check whether 2 legacy worktrees still hold') },
    ]);
    expect(gitNotes(report.notes)[0]?.message).toContain('`ao-migrate status` repeats the check');

    const statusRun = world.run(['status', '--json'], noGit);
    expect(statusRun.status).toBe(0);
    const statusReport = JSON.parse(statusRun.stdout);
    expect(statusReport.sessions.every((s: { resumable: boolean }) => s.resumable)).toBe(true);
    expect(gitNotes(statusReport.notes)).toHaveLength(1);

    // With git back, status sees what was held.
    const withGit = JSON.parse(world.run(['status', '--json']).stdout);
    expect(gitNotes(withGit.notes)).toEqual([]);
    expect(byId<{ id: string; resumable: boolean }>(withGit.sessions)['ma-1']?.resumable).toBe(false);

    const release = world.run(['release-worktrees', '--yes', '--json'], noGit);
    expect(release.status).toBe(1);
    expect(JSON.parse(release.stdout).worktrees.map((w: { sessionId: string; status: string; reason: string }) => [w.sessionId, w.status, w.reason])).toEqual([
      ['ma-1', 'failed', expect.stringContaining('git gave no answer there')],
      ['ma-2', 'failed', expect.stringContaining('git gave no answer there')],
    ]);
    expect(currentBranch(clean)).toBe('feat/login');
  });

  it('release-worktrees: dry run by default; --yes detaches the one with only untracked files so the branch can be checked out again; refuses the one with tracked changes', () => {
    const repoBefore = hashTree(repo);
    const dry = world.run(['release-worktrees', '--json']);
    expect(dry.status).toBe(1); // the dirty one is refused
    const dryReport = JSON.parse(dry.stdout);
    expect(dryReport.dryRun).toBe(true);
    expect(dryReport.worktrees).toEqual([
      {
        sessionId: 'ma-1',
        worktree: clean,
        branch: 'feat/login',
        status: 'would-release',
        reason: expect.stringContaining('checkout --detach` would free feat/login (its untracked files stay as they are)'),
      },
      { sessionId: 'ma-2', worktree: dirty, branch: 'feat/api', status: 'refused', reason: expect.stringContaining(`uncommitted changes the resumed session would not see: commit them there (or \`git -C ${dirty} stash -u\`)`) },
    ]);
    expect(hashTree(repo)).toBe(repoBefore);
    expect(currentBranch(clean)).toBe('feat/login');

    const cleanFiles = hashTree(clean);
    const real = world.run(['release-worktrees', '--yes', '--json']);
    expect(real.status).toBe(1);
    expect(JSON.parse(real.stdout).worktrees.map((w: { sessionId: string; status: string }) => [w.sessionId, w.status])).toEqual([
      ['ma-1', 'released'],
      ['ma-2', 'refused'],
    ]);
    expect(currentBranch(clean)).toBe('HEAD');
    expect(hashTree(clean)).toBe(cleanFiles); // the untracked .claude/ files too
    expect(currentBranch(dirty)).toBe('feat/api');
    expect(fs.readFileSync(path.join(dirty, 'work-in-progress.txt'), 'utf8')).toBe('not committed\n');
    // What the rewrite's restore does now succeeds for the released branch.
    git(repo, 'worktree', 'add', '-q', path.join(world.home, 'restored'), 'feat/login');
  });

  it('tracked changes and no untracked files: the advice is plain `git stash`, in the resume blockers and in release-worktrees', () => {
    fs.rmSync(path.join(dirty, 'work-in-progress.txt'));
    const stash = `\`git -C ${dirty} stash\``;

    const dryRun = world.run(['--dry-run', '--json']);
    expect(dryRun.status).toBe(0);
    const blocker = byId<{ id: string; resumeBlockers: string[] }>(JSON.parse(dryRun.stdout).sessions)['ma-2']?.resumeBlockers[0];
    expect(blocker).toContain(`it has uncommitted changes, which the resumed session would not see: commit them there (or ${stash}), then run`);

    const release = world.run(['release-worktrees', '--yes', '--json']);
    expect(release.status).toBe(1);
    const refused = byId<{ sessionId: string; status: string; reason: string }>(JSON.parse(release.stdout).worktrees)['ma-2'];
    expect(refused).toMatchObject({ status: 'refused', reason: expect.stringContaining(`commit them there (or ${stash}), then run again`) });
    expect(currentBranch(dirty)).toBe('feat/api');
  });

  it('release-worktrees --session: only the named ones; an unknown id fails, a non-blocking one says so', () => {
    const result = world.run(['release-worktrees', '--session', 'ma-1', '--session', 'too-1', '--session', 'nope', '--yes', '--json']);
    expect(result.status).toBe(1);
    const items = JSON.parse(result.stdout).worktrees;
    expect(items.map((w: { sessionId: string; status: string }) => [w.sessionId, w.status])).toEqual([
      ['ma-1', 'released'],
      ['too-1', 'not-blocking'],
      ['nope', 'failed'],
    ]);
    expect(currentBranch(dirty)).toBe('feat/api');

    const again = world.run(['release-worktrees', '--session', 'ma-1']);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('DRY RUN');
    expect(again.stdout).toMatch(/not-blocking\s+ma-1/);
  });

  it('never touches a project checkout: a session whose worktree is the repository itself is refused, with what to do instead', () => {
    git(repo, 'checkout', '-q', '-b', 'session/ma-9');
    const thread = '0197a6c2-0000-7000-8000-000000000009';
    writeCodexThread({ codexHome: path.join(world.home, '.codex'), threadId: thread, cwd: repo });
    world.store.writeSession(APP, 'ma-9', {
      project: APP,
      agent: 'codex',
      codexThreadId: thread,
      branch: 'session/ma-9',
      worktree: repo,
      createdAt: '2026-06-01T09:00:00.000Z',
    });
    const repoBefore = hashTree(repo);
    const result = world.run(['release-worktrees', '--session', 'ma-9', '--yes', '--json']);
    expect(result.status).toBe(1);
    expect(JSON.parse(result.stdout).worktrees).toEqual([
      {
        sessionId: 'ma-9',
        worktree: repo,
        branch: 'session/ma-9',
        status: 'refused',
        reason: expect.stringMatching(/project's own checkout \(the path registered for its project\), which ao-migrate never changes: .*git -C .* switch <another branch>/),
      },
    ]);
    expect(currentBranch(repo)).toBe('session/ma-9');
    expect(hashTree(repo)).toBe(repoBefore);
    const planned = JSON.parse(world.run(['--dry-run', '--json']).stdout).sessions.find((s: { id: string }) => s.id === 'ma-9');
    expect(planned.resumeBlockers).toEqual([expect.stringContaining("it is the project's own checkout")]);
  });
});
