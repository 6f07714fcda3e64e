import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { relocateCodexThreads, undoCodexCopies } from '../../src/core/agent-directory/index.js';
import {
  agentBinary,
  cannotRun,
  changedEntries,
  databaseRows,
  isBackup,
  killProcessesUnder,
  makeRepoWorld,
  PrivateTmux,
  runAgent,
  useStubModelServer,
  storeContent,
  tmuxMissing,
  type RepoWorld,
} from './agent-world.js';

/**
 * The real codex, at both measured versions: a thread written by `codex
 * exec` in the legacy worktree is relocated (copied), resumed by
 * `codex resume <copy id>` from the managed worktree in a private tmux
 * server — no "Choose working directory" prompt, and its shell runs in the
 * managed worktree — and undone exactly. The user's thread is never changed.
 */
const VERSIONS = [
  ['0.144.6', 'codex-0144'],
  ['0.171.0', 'codex-0171'],
] as const;

/** Left out of store comparisons: backups are ours by design; `packages/` is codex 0.171's copy of its own 400 MB binary. */
const notCompared = (relative: string) => isBackup(relative) || relative.startsWith(`packages${path.sep}`);
/** Both versions' directory prompt: its title differs, its first choice does not. */
const PROMPT = 'Use session directory';

const stubUrl = useStubModelServer();

describe.each(VERSIONS)('codex %s', (version, alias) => {
  const binary = agentBinary(alias, 'vendor/x86_64-unknown-linux-musl/bin/codex', '@openai/codex-linux-x64');
  const skip = 'skip' in binary ? binary.skip : tmuxMissing();
  if (skip !== undefined) console.log(`codex ${version}: skipped, ${skip}`);

  it.skipIf(skip !== undefined)('resumes a relocated thread in the managed worktree with no prompt, and undo restores the store exactly', async (context) => {
    const codex = (binary as { path: string }).path;
    const unusable = await cannotRun(codex, { PATH: process.env['PATH'] ?? '' });
    if (unusable !== undefined) {
      console.log(`codex ${version}: skipped, ${unusable}`);
      context.skip();
    }
    const world = makeRepoWorld('ao-migrate-codex-');
    const tmux = new PrivateTmux(world.root);
    try {
      const codexHome = path.join(world.home, '.codex');
      writeConfig(codexHome, world);
      const env = codexEnv(world, codexHome);
      // Offline, the model call fails; the thread is written all the same.
      await runAgent(codex, ['exec', 'first task'], { cwd: world.legacyWorktree, env, timeoutMs: 90_000 });
      const original = onlyRollout(codexHome);
      const threadId = /-([0-9a-f-]{36})\.jsonl$/.exec(original)![1]!;
      const request = { sessionId: 'proj-1', agentSessionId: threadId, legacyWorktree: world.legacyWorktree, managedPath: world.managedPath };

      // Unrelocated, the thread blocks on the directory prompt ("Choose working directory to resume this session"); meanwhile codex holds its store, and nothing is written.
      tmux.start(world.managedPath, env, [codex, 'resume', threadId]);
      const prompt = await tmux.waitFor((screen) => screen.includes(PROMPT), 60_000);
      expect(prompt.at(-1)).toContain(world.legacyWorktree);
      expect(relocateCodexThreads([request], { codexHome }).outcomes[0]).toMatchObject({ status: 'failed', notResumable: expect.stringContaining('open') });
      expect(fs.readdirSync(codexHome).filter(isBackup)).toEqual([]);
      expect(onlyRollout(codexHome)).toBe(original);
      tmux.kill();
      await killProcessesUnder(world.root);

      const originalBytes = fs.readFileSync(original);
      expect(JSON.parse(originalBytes.toString('utf8').split('\n')[0]!).payload.cwd).toBe(world.legacyWorktree);
      const before = storeContent(codexHome, notCompared);

      const dryRun = relocateCodexThreads([request], { codexHome, dryRun: true });
      expect(dryRun.outcomes[0]).toMatchObject({ status: 'created' });
      expect(dryRun.records).toEqual([]);
      expect(storeContent(codexHome, notCompared)).toEqual(before);

      const run = relocateCodexThreads([request], { codexHome, now: new Date('2026-12-01T12:00:00Z') });
      const copyId = run.outcomes[0]!.resumeId!;
      expect(run.outcomes[0]).toMatchObject({ status: 'created', resumeId: dryRun.outcomes[0]!.resumeId });
      expect(copyId).not.toBe(threadId);
      expect(fs.existsSync(run.backupPath!)).toBe(true);
      const copyPath = run.records[0]!.rollout.path;
      expect(copyPath).toBe(original.replace(threadId, copyId));
      // Only the copy's rollout and its threads row are new; the user's thread is as it was.
      expect(changedEntries(before, storeContent(codexHome, notCompared))).toEqual([path.relative(codexHome, copyPath), 'state_5.sqlite']);
      expect(fs.readFileSync(original).equals(originalBytes)).toBe(true);
      const rowsBefore = JSON.parse(before['state_5.sqlite']!) as Record<string, string[]>;
      const rowsAfter = databaseRows(path.join(codexHome, 'state_5.sqlite'));
      expect({ ...rowsAfter, threads: [] }).toEqual({ ...rowsBefore, threads: [] });
      const added = rowsAfter['threads']!.filter((row) => !rowsBefore['threads']!.includes(row)).map((row) => JSON.parse(row));
      expect(added).toMatchObject([{ id: copyId, cwd: world.managedPath, rollout_path: copyPath }]);
      const directories = recordedCwds(fs.readFileSync(copyPath));
      expect(directories.length).toBeGreaterThanOrEqual(2);
      expect(new Set(directories)).toEqual(new Set([world.managedPath]));

      expect(undoCodexCopies(run.records, { dryRun: true })).toMatchObject([{ id: copyId, status: 'removed' }]);
      expect(undoCodexCopies(run.records)).toMatchObject([{ id: copyId, status: 'removed' }]);
      expect(storeContent(codexHome, notCompared)).toEqual(before);

      const again = relocateCodexThreads([request], { codexHome });
      expect(again.outcomes[0]).toMatchObject({ status: 'created', resumeId: copyId });
      expect(relocateCodexThreads([request], { codexHome }).outcomes[0]).toMatchObject({ status: 'already-present', resumeId: copyId });

      // What the daemon does on restore: `codex resume <id>` in the managed worktree, no -C.
      tmux.start(world.managedPath, env, [codex, 'resume', copyId]);
      const ready = (screen: string) =>
        screen.includes(PROMPT) ||
        (screen.includes(world.managedPath) && screen.includes('›') && !screen.includes('Resuming session'));
      const opening = await tmux.waitFor(ready, 60_000);
      expect(opening.some((screen) => screen.includes(PROMPT))).toBe(false);
      expect(opening.at(-1)).toContain(world.managedPath);
      tmux.type('!pwd');
      // Keys arriving together read as a paste, where Enter is a newline: let the burst end first.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      tmux.press('Enter');
      const ran = (await tmux.waitFor((screen) => /You ran pwd\s*\n\s*└ \S+/.test(screen), 30_000)).at(-1)!;
      expect(/You ran pwd\s*\n\s*└ (\S+)/.exec(ran)?.[1], ran).toBe(world.managedPath);
      tmux.kill();
      await killProcessesUnder(world.root);

      // The resumed copy went on, so undo keeps it unless forced; the user's thread never changed.
      expect(fs.readFileSync(original).equals(originalBytes)).toBe(true);
      expect(undoCodexCopies(again.records)).toMatchObject([{ id: copyId, status: 'refused' }]);
      expect(undoCodexCopies(again.records, { force: true })).toMatchObject([{ id: copyId, status: 'removed' }]);
      expect(fs.existsSync(copyPath)).toBe(false);
      expect(fs.readFileSync(original).equals(originalBytes)).toBe(true);
    } finally {
      tmux.kill();
      await killProcessesUnder(world.root);
      fs.rmSync(world.root, { recursive: true, force: true });
    }
  }, 240_000);
});

/** A provider on the stub server (no network, no login: the key comes from the environment), and the repository trusted. */
function writeConfig(codexHome: string, world: RepoWorld): void {
  fs.mkdirSync(codexHome, { recursive: true });
  fs.writeFileSync(
    path.join(codexHome, 'config.toml'),
    [
      'model_provider = "offline"',
      '',
      '[model_providers.offline]',
      'name = "offline"',
      `base_url = "${stubUrl()}"`,
      'env_key = "OPENAI_API_KEY"',
      'request_max_retries = 0',
      'stream_max_retries = 0',
      'wire_api = "responses"',
      '',
      `[projects."${world.repo}"]`,
      'trust_level = "trusted"',
      '',
    ].join('\n'),
  );
}

function codexEnv(world: RepoWorld, codexHome: string): Record<string, string> {
  return {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: world.home,
    CODEX_HOME: codexHome,
    TMPDIR: path.join(world.root, 'tmp'),
    TERM: 'xterm-256color',
    OPENAI_API_KEY: 'sk-dummy-offline',
  };
}

function onlyRollout(codexHome: string): string {
  const found: string[] = [];
  const visit = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.name.endsWith('.jsonl')) found.push(full);
    }
  };
  visit(path.join(codexHome, 'sessions'));
  expect(found).toHaveLength(1);
  return found[0]!;
}

function recordedCwds(rollout: Buffer): string[] {
  return rollout
    .toString('utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { type: string; payload: { cwd?: string } })
    .filter((line) => line.type === 'session_meta' || line.type === 'turn_context')
    .map((line) => line.payload.cwd ?? '(none)');
}
