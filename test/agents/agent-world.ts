import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll } from 'vitest';

/**
 * What the real-agent tests share: a repository with a legacy worktree and
 * the managed worktree the daemon would create, a stand-in model server on
 * loopback (the agents write their session, then fail the model call fast),
 * a private tmux server, store snapshots, and clean-up of every process the
 * agents leave behind.
 */
export interface RepoWorld {
  root: string;
  home: string;
  repo: string;
  legacyWorktree: string;
  managedPath: string;
}

/** A repository whose session ran in `legacy` and is restored by the daemon at `<data dir>/worktrees/proj/proj-1`. */
export function makeRepoWorld(prefix: string): RepoWorld {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  const home = path.join(root, 'home');
  const repo = path.join(root, 'repo');
  const legacyWorktree = path.join(root, 'legacy-worktrees', 'proj-1');
  const managedPath = path.join(root, 'ao-data', 'worktrees', 'proj', 'proj-1');
  fs.mkdirSync(home, { recursive: true });
  fs.mkdirSync(path.join(root, 'tmp'));
  fs.mkdirSync(repo);
  const git = (cwd: string, ...args: string[]) =>
    execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd, stdio: 'pipe' });
  git(repo, 'init', '-q', '-b', 'main');
  fs.writeFileSync(path.join(repo, 'README.md'), 'demo\n');
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'init');
  git(repo, 'worktree', 'add', '-q', '-b', 'feat', legacyWorktree);
  git(repo, 'worktree', 'add', '-q', '--detach', managedPath);
  return { root, home, repo, legacyWorktree, managedPath };
}

/** Backups the relocation leaves beside a store by design: not part of what must come back unchanged. */
export const isBackup = (relative: string): boolean => relative.includes('.pre-ao-migrate-');

/** Starts the stub model server for the file's tests and stops it after them; call at the top level. */
export function useStubModelServer(): () => string {
  let server: Awaited<ReturnType<typeof startStubModelServer>> | undefined;
  beforeAll(async () => {
    server = await startStubModelServer();
  });
  afterAll(async () => {
    await server?.close();
  });
  return () => server!.url;
}

/** A model API on loopback that answers every request with HTTP 400, so agents fail fast instead of retrying. */
async function startStubModelServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((request, response) => {
    request.resume();
    const body = JSON.stringify({ error: { message: 'offline test server', type: 'invalid_request_error', code: 'offline' } });
    response.writeHead(400, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/v1`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The binary an agent package installed under an npm alias: inside the
 * alias itself (opencode's platform package), or inside the platform
 * package the alias depends on (codex's wrapper). Or why there is none here.
 */
export function agentBinary(alias: string, binary: string, platformPackage?: string): { path: string } | { skip: string } {
  if (process.platform !== 'linux' || process.arch !== 'x64') return { skip: `the pinned agent binaries are installed for linux-x64 only (this is ${process.platform}-${process.arch})` };
  try {
    const aliasManifest = createRequire(import.meta.url).resolve(`${alias}/package.json`);
    const manifest = platformPackage === undefined ? aliasManifest : createRequire(aliasManifest).resolve(`${platformPackage}/package.json`);
    return { path: path.join(path.dirname(manifest), binary) };
  } catch (error) {
    return { skip: `${alias} is not installed: ${(error as Error).message.split('\n')[0]}` };
  }
}

/** Why `binary` cannot run on this machine (`--version` fails), or `undefined` when it can. */
export async function cannotRun(binary: string, env: Record<string, string>): Promise<string | undefined> {
  const run = await runAgent(binary, ['--version'], { cwd: os.tmpdir(), env, timeoutMs: 60_000 });
  return run.code === 0 ? undefined : `${binary} does not run here (exit ${String(run.code)}: ${run.output.trim().split('\n')[0] ?? ''})`;
}

/**
 * Runs an agent to completion without blocking the event loop: the stub
 * model server answers from this very process. Killed after `timeoutMs`.
 */
export function runAgent(
  file: string,
  args: string[],
  options: { cwd: string; env: Record<string, string>; timeoutMs: number },
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = execFile(file, args, { cwd: options.cwd, env: options.env, timeout: options.timeoutMs, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, output: `${stdout}${stderr}` });
    });
    child.stdin?.end();
  });
}

export function tmuxMissing(): string | undefined {
  const run = spawnSync('tmux', ['-V'], { encoding: 'utf8' });
  return run.status === 0 ? undefined : 'tmux is not installed';
}

/** A tmux server of our own (its own socket), so nothing leaks into, or out of, the user's. */
export class PrivateTmux {
  readonly socket: string;
  constructor(dir: string) {
    this.socket = path.join(dir, 'tmux.sock');
  }
  start(cwd: string, env: Record<string, string>, argv: string[]): void {
    const assignments = Object.entries(env).map(([key, value]) => `${key}=${shellQuote(value)}`);
    const command = ['env', ...assignments, ...argv.map(shellQuote)].join(' ');
    this.tmux('new-session', '-d', '-s', 'agent', '-x', '200', '-y', '50', '-c', cwd, `${command}; sleep 600`);
  }
  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', 'agent');
  }
  type(text: string): void {
    this.tmux('send-keys', '-t', 'agent', '-l', text);
  }
  press(key: string): void {
    this.tmux('send-keys', '-t', 'agent', key);
  }
  /** Polls the screen until `done` says so; returns every screen seen, the last one last. */
  async waitFor(done: (screen: string) => boolean, timeoutMs: number): Promise<string[]> {
    const seen: string[] = [];
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      seen.push(screen);
      if (done(screen) || Date.now() > deadline) return seen;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  kill(): void {
    spawnSync('tmux', ['-S', this.socket, 'kill-server'], { stdio: 'ignore' });
  }
  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-S', this.socket, ...args], { encoding: 'utf8' });
  }
}

function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * Ends, by pid, every process whose command line or environment names
 * `root`: what the agents started with the test's temp home and left
 * running (codex 0.171's app-server daemon detaches into its own session
 * and outlives its TUI; opencode takes a while to exit after its tmux
 * server is gone).
 * Waits until they are gone (SIGKILL after 5 s), so their files are closed.
 */
export async function killProcessesUnder(root: string): Promise<void> {
  const pids = processesUnder(root);
  for (const pid of pids) signal(pid, 'SIGTERM');
  await waitUntilGone(pids, 5000);
  for (const pid of pids.filter(isAlive)) signal(pid, 'SIGKILL');
  // Until then a killed process may still hold its files (and SQLite locks).
  await waitUntilGone(pids, 5000);
}

async function waitUntilGone(pids: readonly number[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (pids.some(isAlive) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
}

function processesUnder(root: string): number[] {
  return fs.readdirSync('/proc').flatMap((name) => {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) return [];
    try {
      const mentions = (file: string) => fs.readFileSync(`/proc/${name}/${file}`, 'utf8').includes(root);
      return mentions('cmdline') || mentions('environ') ? [Number(name)] : [];
    } catch {
      return [];
    }
  });
}

/** Alive and not a zombie (a reparented zombie keeps its pid until init reaps it). */
function isAlive(pid: number): boolean {
  try {
    return !/\) Z /.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Gone meanwhile.
  }
}

/**
 * The content of an agent's store for comparison: each regular file's hash
 * by relative path, except SQLite files (their bytes change when any
 * connection checkpoints) and `ignored` ones; and each SQLite database's
 * rows, table by table, read from a private copy so the store is not touched.
 */
export function storeContent(dir: string, ignored: (relative: string) => boolean = () => false): Record<string, string> {
  const content: Record<string, string> = {};
  const visit = (relative: string) => {
    const full = path.join(dir, relative);
    const stats = fs.lstatSync(full);
    if (stats.isDirectory()) {
      for (const name of fs.readdirSync(full).sort()) visit(path.join(relative, name));
      return;
    }
    if (ignored(relative) || /\.(sqlite|db)-(wal|shm)$/.test(relative)) return;
    if (/\.(sqlite|db)$/.test(relative)) content[relative] = JSON.stringify(databaseRows(full));
    else if (stats.isFile()) content[relative] = createHash('sha256').update(fs.readFileSync(full)).digest('hex');
  };
  visit('');
  return content;
}

/** Every row of every table of `file` (with its WAL), sorted, read from a copy. */
export function databaseRows(file: string): Record<string, string[]> {
  const copyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rows-'));
  try {
    const copy = path.join(copyDir, 'copy.db');
    fs.copyFileSync(file, copy);
    if (fs.existsSync(`${file}-wal`)) fs.copyFileSync(`${file}-wal`, `${copy}-wal`);
    const db = new Database(copy);
    try {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
      return Object.fromEntries(
        tables.map(({ name }) => [
          name,
          (db.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`).all() as unknown[]).map((row) => JSON.stringify(row)).sort(),
        ]),
      );
    } finally {
      db.close();
    }
  } finally {
    fs.rmSync(copyDir, { recursive: true, force: true });
  }
}

/** The keys whose values differ between two `storeContent`s, sorted. */
export function changedEntries(before: Record<string, string>, after: Record<string, string>): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((key) => before[key] !== after[key]).sort();
}
