/**
 * Issue 6, first bullet: the legacy store, the legacy worktrees (inside the
 * store and outside it, some real git worktrees) and the SOURCE Claude
 * transcript buckets are byte-, mode- and mtime-identical after a dry run, a
 * refused run, a real run and a re-run of the built CLI; and a real run
 * writes nothing but the rewrite's own files.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claudeProjectSlug } from '../../src/core/claude/project-slug.js';
import { hashTree } from '../../src/testing/hash-tree.js';
import { lifecycleV2, sessionRecord } from '../../src/testing/legacy-store-builder.js';
import { copyThreadId } from '../../src/core/agent-directory/codex/copy-thread-id.js';
import { CODEX_THREAD, makeWorld, startFakeDaemon, UUID_1, UUID_ORCH, writeStandardStore, type World } from '../e2e/world.js';
import { diffTrees, listTree } from './file-listing.js';

const APP = 'my-app_3f9c2a1b7d';
const UUID_5 = '55555555-2222-4333-8444-555555555555';

let world: World;
/** Everything the migration must never touch, by what it is. */
let guarded: Record<string, string>;

function git(cwd: string, ...args: string[]): void {
  const result = spawnSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    env: { PATH: process.env.PATH, HOME: world.home, GIT_CONFIG_NOSYSTEM: '1' },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
}

function bucketOf(dir: string): string {
  return path.join(world.claudeDir, 'projects', claudeProjectSlug(fs.realpathSync(dir)));
}

function hashes(): Record<string, string> {
  return Object.fromEntries(Object.keys(guarded).map((dir) => [dir, hashTree(dir)]));
}

beforeAll(() => {
  world = makeWorld();
  writeStandardStore(world);
  const { store, home } = world;

  // The project's real repository, with two real git worktrees of it: one
  // outside the store (~/.worktrees, an older layout) and one inside it.
  const repo = path.join(home, 'code', 'my-app');
  fs.writeFileSync(path.join(repo, 'README.md'), '# my-app\n');
  git(repo, 'init', '-q', '-b', 'main');
  git(repo, 'add', 'README.md');
  git(repo, 'commit', '-q', '-m', 'initial');
  const outside = path.join(home, '.worktrees', APP, 'ma-5');
  const inside = path.join(store.root, 'projects', APP, 'worktrees', 'ma-6');
  git(repo, 'worktree', 'add', '-q', '-b', 'feat/five', outside);
  git(repo, 'worktree', 'add', '-q', '-b', 'feat/six', inside);
  fs.writeFileSync(path.join(outside, 'work-in-progress.txt'), 'uncommitted\n');
  fs.mkdirSync(path.join(home, '.worktrees', 'tools', 'too-1'), { recursive: true }); // the old-layout session's worktree

  store.writeSession(APP, 'ma-5', sessionRecord({
    project: APP, branch: 'feat/five', worktree: outside, claudeSessionUuid: UUID_5,
    createdAt: '2026-06-14T09:00:00.000Z', lifecycle: lifecycleV2({ state: 'idle', lastTransitionAt: '2026-06-14T10:00:00.000Z' }),
  }));
  store.writeSession(APP, 'ma-6', sessionRecord({
    project: APP, agent: 'codex', claudeSessionUuid: undefined, codexThreadId: 'thread-six', branch: 'feat/six', worktree: inside,
    createdAt: '2026-06-14T11:00:00.000Z', lifecycle: lifecycleV2({ state: 'working', lastTransitionAt: '2026-06-14T12:00:00.000Z' }),
  }));
  world.writeTranscript(outside, UUID_5, ['{"type":"user","message":"five"}', '{"type":"assistant","message":"ok"}']);
  const companion = path.join(bucketOf(outside), UUID_5);
  fs.mkdirSync(path.join(companion, 'subagents'), { recursive: true });
  fs.mkdirSync(path.join(companion, 'tool-results'), { recursive: true });
  fs.writeFileSync(path.join(companion, 'subagents', 'agent-1.jsonl'), '{"type":"user","message":"sub"}\n');
  fs.writeFileSync(path.join(companion, 'tool-results', 'big-output.txt'), 'x'.repeat(10_000));

  // Mtimes in the past, so a touch during the runs could not hide in the same millisecond.
  const past = new Date('2026-01-01T00:00:00Z');
  for (const top of [store.root, path.join(home, '.worktrees'), path.join(home, 'code'), path.join(world.claudeDir, 'projects')]) {
    for (const entry of listTree(top).keys()) fs.lutimesSync(entry, past, past);
  }

  guarded = {
    [store.root]: 'legacy store (with the in-store worktrees, one a real git worktree)',
    [path.join(home, '.worktrees')]: 'legacy worktrees outside the store (one a real git worktree)',
    [path.join(home, 'code')]: 'the project repositories (their .git holds the worktrees’ metadata)',
    [bucketOf(world.legacyWorktree(APP, 'ma-1'))]: 'source transcript bucket of ma-1',
    [bucketOf(world.legacyWorktree(APP, 'ma-orchestrator'))]: 'source transcript bucket of ma-orchestrator',
    [bucketOf(outside)]: 'source transcript bucket of ma-5 (with its companion dir)',
  };
  for (const dir of Object.keys(guarded)) expect(fs.existsSync(dir), dir).toBe(true);
});
afterAll(() => world.cleanup());

describe('the legacy store, worktrees and source transcripts are never touched (built CLI)', () => {
  let pristine: Record<string, string>;
  beforeAll(() => {
    pristine = hashes();
  });

  it('dry run', () => {
    const result = world.run(['--dry-run', '--json']);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).counts.sessions.created).toBe(6);
    expect(hashes()).toEqual(pristine);
  });

  it('refused run (DAEMON_RUNNING)', async () => {
    const daemon = await startFakeDaemon(world.dbPath, path.join(world.home, '.ao', 'running.json'));
    try {
      const result = world.run(['--json']);
      expect(result.status).toBe(2);
      expect(JSON.parse(result.stdout).refusal.code).toBe('DAEMON_RUNNING');
    } finally {
      await daemon.stop();
    }
    expect(hashes()).toEqual(pristine);
  });

  it('real run: only the rewrite’s own files are written', () => {
    const before = listTree(world.home);
    const result = world.run(['--json']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.counts.sessions).toMatchObject({ created: 6, conflict: 0, failed: 0 });
    expect(hashes()).toEqual(pristine);

    // Where migration-rules §7 and rewrite-v12 §6 put the transcripts.
    const destination = (...worktree: string[]) =>
      path.join(world.claudeDir, 'projects', claudeProjectSlug(path.join(world.dataDir, 'worktrees', APP, ...worktree)));
    const ma1 = destination('ma-1');
    const orch = destination('orchestrator', 'ma-orchestrator');
    const ma5 = destination('ma-5');
    const newFiles = [
      report.target.backupPath,
      path.join(world.dataDir, 'legacy-migration.json'), // the run ledger, beside the database (ao-migrate undo)
      path.join(ma1, `${UUID_1}.jsonl`),
      path.join(orch, `${UUID_ORCH}.jsonl`),
      path.join(ma5, `${UUID_5}.jsonl`),
      path.join(ma5, UUID_5, 'subagents', 'agent-1.jsonl'),
      path.join(ma5, UUID_5, 'tool-results', 'big-output.txt'),
    ];
    const newDirs = [ma1, orch, ma5, path.join(ma5, UUID_5), path.join(ma5, UUID_5, 'subagents'), path.join(ma5, UUID_5, 'tool-results')];
    expect(report.target.backupPath).toMatch(new RegExp(`^${world.dataDir}/ao\\.db\\.pre-migrate-`));

    // Codex gets a copy of ma-2's thread for the managed worktree; opencode's session moves there: each store backed up first.
    const codexHome = path.join(world.home, '.codex');
    const opencodeDb = path.join(world.home, '.local', 'share', 'opencode', 'opencode.db');
    const copy = copyThreadId(CODEX_THREAD, path.join(world.dataDir, 'worktrees', APP, 'ma-2'));
    newFiles.push(path.join(codexHome, 'sessions', '2026', '06', '12', `rollout-2026-06-12T08-00-00-${copy}.jsonl`));
    const backups = [`${codexHome}/state_5.sqlite.pre-ao-migrate-`, `${opencodeDb}.pre-ao-migrate-`];

    const { added, removed, changed } = diffTrees(before, listTree(world.home));
    expect(added.filter((file) => !backups.some((prefix) => file.startsWith(prefix)))).toEqual([...newFiles, ...newDirs].sort());
    expect(backups.map((prefix) => added.filter((file) => file.startsWith(prefix)).length)).toEqual([1, 1]);
    expect(removed).toEqual([]);
    expect(changed).toEqual([world.dbPath, path.join(codexHome, 'state_5.sqlite'), opencodeDb].sort());
    expect(fs.readFileSync(path.join(ma5, UUID_5, 'tool-results', 'big-output.txt'), 'utf8')).toBe('x'.repeat(10_000));
  });

  it('re-run', () => {
    const result = world.run(['--json', '--no-backup']);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).counts.sessions).toMatchObject({ created: 0, 'already-present': 6 });
    expect(hashes()).toEqual(pristine);
  });
});
