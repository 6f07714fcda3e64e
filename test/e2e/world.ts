import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { claudeProjectSlug } from '../../src/core/claude/project-slug.js';
import { writeCodexThread, writeOpencodeSession } from '../../src/testing/agent-stores.js';
import { createLegacyStore, lifecycleV2, oldLayoutSessionFields, sessionRecord, type LegacyStore } from '../../src/testing/legacy-store-builder.js';
import { createRewriteDatabase, type RewriteShape } from '../../src/testing/rewrite-database.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

/** A fake home with a legacy store, a Claude dir and (optionally) a rewrite database. */
export interface World {
  home: string;
  store: LegacyStore;
  dataDir: string;
  dbPath: string;
  claudeDir: string;
  /** Environment for the CLI: HOME is the fake home, TMUX_TMPDIR a dir in it (no tmux server), every other path variable unset. */
  env: NodeJS.ProcessEnv;
  /** Runs the built CLI synchronously. */
  run(args: string[], extraEnv?: NodeJS.ProcessEnv): CliResult;
  /** Writes a Claude transcript into the bucket of `worktree`; returns its path. */
  writeTranscript(worktree: string, uuid: string, lines?: string[]): string;
  /** Creates a legacy worktree dir for a session; returns its path. */
  legacyWorktree(projectId: string, sessionId: string): string;
  cleanup(): void;
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `database: false` leaves the data dir without `ao.db`; `shape` is the
 * rewrite release whose database it holds (default npm 0.10.x); `template`,
 * a database file to copy instead (one the real daemon made).
 */
export function makeWorld({ database = true, shape = 'v23', template }: { database?: boolean; shape?: RewriteShape; template?: string } = {}): World {
  const home = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ao-migrate-e2e-')));
  const store = createLegacyStore({ dir: home });
  const dataDir = path.join(home, '.ao', 'data');
  const claudeDir = path.join(home, '.claude');
  fs.mkdirSync(claudeDir, { recursive: true });
  const dbPath = path.join(dataDir, 'ao.db');
  if (template !== undefined) {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.copyFileSync(template, dbPath);
  } else if (database) {
    createRewriteDatabase(dataDir, shape);
  }
  // The world's own tmux socket dir, so the run never asks the machine's default tmux server which sessions live;
  // made beforehand (private, as tmux wants it), so that asking creates nothing in the home.
  const tmuxDir = path.join(home, '.tmux');
  fs.mkdirSync(path.join(tmuxDir, `tmux-${process.getuid?.() ?? 0}`), { recursive: true, mode: 0o700 });
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, NO_COLOR: '1', TMUX_TMPDIR: tmuxDir };
  return {
    home,
    store,
    dataDir,
    dbPath,
    claudeDir,
    env,
    run(args, extraEnv = {}) {
      const result = spawnSync(process.execPath, [CLI, ...args], {
        env: { ...env, ...extraEnv },
        encoding: 'utf8',
        timeout: 60_000,
      });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    },
    writeTranscript(worktree, uuid, lines = ['{"type":"user","message":"hello"}']) {
      const bucket = path.join(claudeDir, 'projects', claudeProjectSlug(fs.existsSync(worktree) ? fs.realpathSync(worktree) : worktree));
      fs.mkdirSync(bucket, { recursive: true });
      const file = path.join(bucket, `${uuid}.jsonl`);
      fs.writeFileSync(file, `${lines.join('\n')}\n`);
      return file;
    },
    legacyWorktree(projectId, sessionId) {
      const dir = path.join(store.root, 'projects', projectId, 'worktrees', sessionId);
      fs.mkdirSync(dir, { recursive: true });
      return dir;
    },
    cleanup() {
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}

export const UUID_1 = '11111111-2222-4333-8444-555555555555';
export const UUID_ORCH = '99999999-8888-4777-8666-555555555555';
/** ma-2's codex thread and too-1's opencode session, in the agents' own stores in the world's home. */
export const CODEX_THREAD = '0197a6c2-5d1e-7c3a-9b2f-4e8d1a6b3c50';
export const OPENCODE_SESSION = 'ses_3f2a9c1d0ffeAbCdEf012345';

/**
 * The standard store of the end-to-end tests: project `my-app_3f9c2a1b7d`
 * (prefix `ma`, hybrid registry) with a claude-code worker that has a
 * transcript (ma-1), a codex worker (ma-2), a finished worker (ma-3), the
 * orchestrator (ma-orchestrator, with a transcript); project `tools` (derived
 * prefix) with an old-layout opencode session (too-1) and a 0-byte file.
 * Codex and opencode hold ma-2's thread and too-1's session in the home, as
 * they would on the user's machine.
 */
export function writeStandardStore(world: World): void {
  const { store } = world;
  store.repoPath('my-app');
  store.repoPath('tools');
  store.writeRegistry({
    projects: {
      'my-app_3f9c2a1b7d': {
        path: '~/code/my-app',
        displayName: 'My App',
        sessionPrefix: 'ma',
        repo: { owner: 'alice', name: 'my-app', platform: 'github', originUrl: 'git@github.com:alice/my-app.git' },
        registeredAt: 1780000000,
        behaviour: { agent: 'claude-code', agentConfig: { permissions: 'permissionless', model: 'opus' } },
      },
      tools: {
        path: '~/code/tools',
        repo: { owner: 'alice', name: 'tools', platform: 'github', originUrl: 'https://github.com/alice/tools.git' },
        registeredAt: 1780100000,
      },
    },
    defaults: { agent: 'codex' },
  });
  const app = 'my-app_3f9c2a1b7d';
  const wt1 = world.legacyWorktree(app, 'ma-1');
  world.writeTranscript(wt1, UUID_1);
  store.writeSession(app, 'ma-1', sessionRecord({
    project: app,
    branch: 'feat/login',
    worktree: wt1,
    claudeSessionUuid: UUID_1,
    createdAt: '2026-06-10T09:15:02.123Z',
    lifecycle: lifecycleV2({ state: 'working', lastTransitionAt: '2026-06-11T10:00:00.500Z' }),
  }));
  const wt2 = world.legacyWorktree(app, 'ma-2');
  writeCodexThread({ codexHome: path.join(world.home, '.codex'), threadId: CODEX_THREAD, cwd: wt2 });
  store.writeSession(app, 'ma-2', sessionRecord({
    project: app,
    agent: 'codex',
    claudeSessionUuid: undefined,
    codexThreadId: CODEX_THREAD,
    branch: 'feat/api',
    worktree: wt2,
    createdAt: '2026-06-12T08:00:00.000Z',
    lifecycle: lifecycleV2({ state: 'needs_input', lastTransitionAt: '2026-06-12T09:00:00.000Z' }),
  }));
  store.writeSession(app, 'ma-3', sessionRecord({
    project: app,
    branch: 'feat/done',
    worktree: world.legacyWorktree(app, 'ma-3'),
    lifecycle: lifecycleV2({ state: 'done' }),
  }));
  const wtOrch = world.legacyWorktree(app, 'ma-orchestrator');
  world.writeTranscript(wtOrch, UUID_ORCH);
  store.writeSession(app, 'ma-orchestrator', sessionRecord({
    project: app,
    role: 'orchestrator',
    branch: 'orchestrator/ma',
    worktree: wtOrch,
    claudeSessionUuid: UUID_ORCH,
    createdAt: '2026-06-01T07:00:00.000Z',
    lifecycle: lifecycleV2({ kind: 'orchestrator', state: 'idle', lastTransitionAt: '2026-06-13T07:00:00.000Z' }),
  }));
  const tooWorktree = path.join(world.home, '.worktrees', 'tools', 'too-1');
  writeOpencodeSession({ dataDir: path.join(world.home, '.local', 'share', 'opencode'), sessionId: OPENCODE_SESSION, directory: tooWorktree });
  store.writeOldLayoutSession('0123456789ab-tools', 'too-1', oldLayoutSessionFields({
    project: 'tools',
    agent: 'opencode',
    claudeSessionUuid: '',
    opencodeSessionId: OPENCODE_SESSION,
    branch: 'chore/lint',
    worktree: tooWorktree,
  }));
  store.writeFile('projects/tools/sessions/too-2.json', '');
}

/** What codex and opencode hold of the standard store's sessions in `world`'s home: codex's rollout files and rows, opencode's rows (not the stores' backups). */
export function agentStoreContents(world: World): { rollouts: string[]; threads: unknown[]; opencode: unknown[] } {
  const rows = (file: string, query: string) => {
    const db = new Database(file, { readonly: true });
    try {
      return db.prepare(query).all();
    } finally {
      db.close();
    }
  };
  const codex = path.join(world.home, '.codex');
  return {
    rollouts: fs.readdirSync(path.join(codex, 'sessions'), { recursive: true }).map(String).sort(),
    threads: rows(path.join(codex, 'state_5.sqlite'), 'SELECT * FROM threads ORDER BY id'),
    opencode: rows(path.join(world.home, '.local', 'share', 'opencode', 'opencode.db'), 'SELECT * FROM session ORDER BY id'),
  };
}

/**
 * Starts the fake daemon on `dbPath` (answering `/healthz` and writing
 * `runFile` when one is given); resolves once it holds the database open.
 */
export async function startFakeDaemon(dbPath: string, runFile?: string): Promise<{ stop(): Promise<void> }> {
  const args = [path.join(REPO_ROOT, 'test', 'fixtures', 'fake-daemon.mjs'), dbPath, ...(runFile === undefined ? [] : [runFile])];
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.stdout.once('data', () => resolve());
  });
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Opens `dir` and every directory below it to other users (for running the CLI as another user than the test's). */
export function makeReadableForAll(dir: string): void {
  fs.chmodSync(dir, 0o755);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) makeReadableForAll(path.join(dir, entry.name));
  }
}
