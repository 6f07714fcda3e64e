import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { opencodeDatabase, opencodeDataDir, relocateOpencodeSessions, undoOpencodeDirectories } from '../../src/core/agent-directory/index.js';
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
 * The real opencode, at both measured versions: a session written by
 * `opencode run` in the legacy worktree has its directory relocated, and
 * `opencode --session <id>` started from the managed worktree in a private
 * tmux server runs `!pwd` there (unrelocated it runs in the legacy worktree,
 * agents.md; not repeated here, a TUI start costs most of a minute on a busy
 * two-core machine); undo puts the old directory back, the store exactly as it was.
 */
const VERSIONS = [
  ['1.18.3', 'opencode-0118-3'],
  ['1.18.33', 'opencode-0118-33'],
] as const;

const stubUrl = useStubModelServer();

describe.each(VERSIONS)('opencode %s', (version, alias) => {
  const binary = agentBinary(alias, 'bin/opencode');
  const skip = 'skip' in binary ? binary.skip : tmuxMissing();
  if (skip !== undefined) console.log(`opencode ${version}: skipped, ${skip}`);

  it.skipIf(skip !== undefined)('runs a relocated session in the managed worktree, and undo restores the store exactly', async (context) => {
    const opencode = (binary as { path: string }).path;
    // The x64 build wants AVX2 (the npm wrapper would fall back to a baseline build, which is not pinned here).
    const unusable = await cannotRun(opencode, { PATH: process.env['PATH'] ?? '' });
    if (unusable !== undefined) {
      console.log(`opencode ${version}: skipped, ${unusable}`);
      context.skip();
    }
    const world = makeRepoWorld('ao-migrate-opencode-');
    const tmux = new PrivateTmux(world.root);
    try {
      const env = opencodeEnv(world);
      const dataDir = opencodeDataDir(env, world.home);
      expect(dataDir).toBe(path.join(world.root, 'xdg-data', 'opencode'));
      const database = opencodeDatabase(env, dataDir)!;
      // Offline, the model call fails; the session is written all the same.
      await runAgent(opencode, ['run', 'say hi'], { cwd: world.legacyWorktree, env, timeoutMs: 150_000 });
      const sessionId = onlySession(database, world.legacyWorktree);
      const request = { sessionId: 'proj-1', agentSessionId: sessionId, legacyWorktree: world.legacyWorktree, managedPath: world.managedPath };

      const before = storeContent(dataDir, isBackup);
      const dryRun = relocateOpencodeSessions([request], { dataDir, database, dryRun: true });
      expect(dryRun.outcomes[0]).toMatchObject({ status: 'created', resumeId: sessionId });
      expect(storeContent(dataDir)).toEqual(before);

      const run = relocateOpencodeSessions([request], { dataDir, database, now: new Date('2026-12-01T12:00:00Z') });
      expect(run.outcomes[0]).toMatchObject({ status: 'created', resumeId: sessionId });
      expect(run.records).toEqual([
        { sessionId: 'proj-1', opencodeSessionId: sessionId, store: 'database', path: database, previousDirectory: world.legacyWorktree, directory: world.managedPath },
      ]);
      expect(fs.existsSync(run.backupPath!)).toBe(true);
      // Only session.directory of that one session changed.
      const relative = path.relative(dataDir, database);
      expect(changedEntries(before, storeContent(dataDir, isBackup))).toEqual([relative]);
      const rowsBefore = JSON.parse(before[relative]!) as Record<string, string[]>;
      const expected = rowsBefore['session']!.map((row) => {
        const parsed = JSON.parse(row) as { id: string; directory: string };
        return JSON.stringify(parsed.id === sessionId ? { ...parsed, directory: world.managedPath } : parsed);
      });
      expect(databaseRows(database)).toEqual({ ...rowsBefore, session: expected.sort() });
      expect(relocateOpencodeSessions([request], { dataDir, database }).outcomes[0]).toMatchObject({ status: 'already-present' });

      expect(undoOpencodeDirectories(run.records, { dryRun: true })).toMatchObject([{ id: database, status: 'removed' }]);
      expect(undoOpencodeDirectories(run.records)).toMatchObject([{ id: database, status: 'removed' }]);
      expect(storeContent(dataDir, isBackup)).toEqual(before);

      const again = relocateOpencodeSessions([request], { dataDir, database });
      expect(again.outcomes[0]).toMatchObject({ status: 'created' });
      // What the daemon does on restore: `opencode --session <id>` in the managed worktree.
      expect(await pwdInResumedSession(tmux, opencode, world, env, sessionId)).toBe(world.managedPath);
      await stop(tmux, world);
      expect(undoOpencodeDirectories(again.records)).toEqual([expect.objectContaining({ status: 'removed' })]);
      expect(directoryOf(database, sessionId)).toBe(world.legacyWorktree);
    } finally {
      await stop(tmux, world);
      fs.rmSync(world.root, { recursive: true, force: true });
    }
  }, 400_000);
});

/** Offline and contained: a provider on the stub server, npm pointed at a closed loopback port, no updates, XDG dirs in the test's root. */
function opencodeEnv(world: RepoWorld): Record<string, string> {
  const config = {
    autoupdate: false,
    share: 'disabled',
    model: 'offline/m',
    provider: { offline: { npm: '@ai-sdk/openai-compatible', name: 'offline', options: { baseURL: stubUrl(), apiKey: 'dummy' }, models: { m: { name: 'm' } } } },
  };
  return {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: world.home,
    TERM: 'xterm-256color',
    TMPDIR: path.join(world.root, 'tmp'),
    XDG_DATA_HOME: path.join(world.root, 'xdg-data'),
    XDG_CONFIG_HOME: path.join(world.root, 'xdg-config'),
    XDG_CACHE_HOME: path.join(world.root, 'xdg-cache'),
    XDG_STATE_HOME: path.join(world.root, 'xdg-state'),
    OPENCODE_CONFIG_CONTENT: JSON.stringify(config),
    OPENCODE_DISABLE_AUTOUPDATE: '1',
    OPENCODE_DISABLE_MODELS_FETCH: '1',
    OPENCODE_DISABLE_DEFAULT_PLUGINS: '1',
    OPENCODE_PURE: '1',
    npm_config_registry: 'http://127.0.0.1:9/',
  };
}

/** Resumes the session in the managed worktree, runs `!pwd` in its shell mode, and returns the directory it printed. */
async function pwdInResumedSession(tmux: PrivateTmux, opencode: string, world: RepoWorld, env: Record<string, string>, sessionId: string): Promise<string | undefined> {
  tmux.start(world.managedPath, env, [opencode, '--session', sessionId]);
  const ready = await tmux.waitFor((screen) => screen.includes('ctrl+p'), 150_000);
  expect(ready.at(-1)).toContain('ctrl+p');
  tmux.type('!');
  await tmux.waitFor((screen) => screen.includes('exit shell mode'), 20_000);
  tmux.type('pwd');
  await new Promise((resolve) => setTimeout(resolve, 500));
  // The command line reads `$ pwd`, or a spinner and `pwd` while the shell has not exited; its output follows.
  // The transcript may already show an earlier one: wait for one more, and read the last.
  const printed = (screen: string) => [...screen.matchAll(/┃\s+\S pwd[^\n]*\n(?:\s*┃\s*\n)*\s*┃\s+(\/\S+)/g)].map((match) => match[1]!);
  const earlier = printed(tmux.screen()).length;
  tmux.press('Enter');
  const seen = (await tmux.waitFor((screen) => printed(screen).length > earlier, 90_000)).at(-1)!;
  return printed(seen).at(-1);
}

async function stop(tmux: PrivateTmux, world: RepoWorld): Promise<void> {
  tmux.kill();
  await killProcessesUnder(world.root);
}

function onlySession(database: string, directory: string): string {
  const rows = JSON.parse(JSON.stringify(databaseRows(database)['session'])) as string[];
  const sessions = rows.map((row) => JSON.parse(row) as { id: string; directory: string });
  expect(sessions).toMatchObject([{ directory }]);
  return sessions[0]!.id;
}

function directoryOf(database: string, sessionId: string): string {
  const db = new Database(database, { readonly: true });
  try {
    return (db.prepare('SELECT directory FROM session WHERE id = ?').get(sessionId) as { directory: string }).directory;
  } finally {
    db.close();
  }
}
