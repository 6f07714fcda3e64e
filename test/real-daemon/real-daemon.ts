/**
 * The real rewrite daemon (npm `@aoagents/ao` 0.10.3, the binary of the
 * optional devDependency `@aoagents/ao-linux-x64`) for tests, isolated the
 * way rewrite-today §7 says: a temp HOME, its own data dir and run file, a
 * free loopback port, a private tmux server (`TMUX_TMPDIR`), and fake
 * `claude`/`codex`/`opencode` first on PATH that log their argv and cwd.
 * Everything it starts is stopped by pid or socket in `cleanup()`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/** Path of the `ao` binary, when it is installed and can run here. */
export const AO_BINARY: string | undefined = locateBinary();

/** Why tests of the real daemon cannot run here; `undefined` when they can. */
export const REAL_DAEMON_SKIP: string | undefined =
  process.platform !== 'linux' || process.arch !== 'x64'
    ? `the real rewrite binary runs on Linux x64 only (this is ${process.platform}/${process.arch})`
    : AO_BINARY === undefined
      ? '@aoagents/ao-linux-x64 is not installed (an optional devDependency: run `npm ci` on Linux x64)'
      : undefined;

/** Why restore tests cannot run here (the daemon restores into tmux); `undefined` when they can. */
export const TMUX_SKIP: string | undefined =
  spawnSync('tmux', ['-V'], { encoding: 'utf8' }).status === 0 ? undefined : 'tmux is not installed (the daemon restores sessions into tmux)';

/** Prints why a suite is skipped, so a skip is never silent. */
export function announceSkip(suite: string, reason: string | undefined): void {
  if (reason !== undefined) console.warn(`[${suite}] skipped: ${reason}`);
}

/** One call of a fake agent. */
export interface AgentCall {
  agent: 'claude' | 'codex' | 'opencode';
  cwd: string;
  argv: string[];
}

export interface CommandResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface RealDaemonHome {
  home: string;
  dataDir: string;
  dbPath: string;
  runFile: string;
  /** The environment the daemon and every `ao` command get (HOME, AO_*, TMUX_TMPDIR, PATH with the fake agents first). */
  env: NodeJS.ProcessEnv;
  /** `ao <args>` in this home, synchronously. */
  ao(args: string[]): CommandResult;
  /** `ao <args> --json`, parsed; throws with the output when it exits non-zero. */
  aoJson<T = unknown>(args: string[]): T;
  /** Starts `ao daemon` and waits until `ao status` says ready. */
  start(): Promise<void>;
  /** `ao stop`, then waits for the process to exit (killing it after a grace period): the database is at rest afterwards. */
  stop(): Promise<void>;
  /** Whether the daemon this home started is running. */
  running(): boolean;
  /** Every call of a fake agent so far, in order (the daemon's readiness probes included). */
  agentCalls(): AgentCall[];
  /** The daemon's stdout and stderr so far. */
  log(): string;
  /** Stops the daemon and the private tmux server; removes the home when this harness created it. Safe to call twice. */
  cleanup(): Promise<void>;
}

/**
 * A home for the real daemon. Pass `home` to share one with a legacy store
 * (the migration then finds `~/.ao/data` and `~/.claude` there); it is then
 * yours to remove, but `cleanup()` still stops what was started.
 */
export async function createRealDaemonHome(options: { home?: string } = {}): Promise<RealDaemonHome> {
  if (AO_BINARY === undefined) throw new Error(`createRealDaemonHome: ${REAL_DAEMON_SKIP}`);
  const binary = AO_BINARY;
  const ownsHome = options.home === undefined;
  const home = options.home ?? fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ao-real-daemon-')));
  const dataDir = path.join(home, '.ao', 'data');
  const runFile = path.join(home, '.ao', 'running.json');
  // tmux puts its socket dir under TMUX_TMPDIR: keep it short (socket paths are limited to ~100 bytes).
  const tmuxDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ao-tmux-'));
  const agentsDir = path.join(home, '.fake-agents');
  const callLog = path.join(agentsDir, 'calls.jsonl');
  const daemonLog = path.join(agentsDir, 'daemon.log');
  writeFakeAgents(agentsDir, callLog);

  const env: NodeJS.ProcessEnv = {
    PATH: `${agentsDir}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    HOME: home,
    AO_DATA_DIR: dataDir,
    AO_RUN_FILE: runFile,
    AO_PORT: String(await freePort()),
    TMUX_TMPDIR: tmuxDir,
    TERM: 'xterm-256color',
    LANG: 'C.UTF-8',
  };
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();

  const ao = (args: string[]): CommandResult => {
    const result = spawnSync(binary, args, { env, encoding: 'utf8', timeout: 30_000 });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const running = () => child !== undefined && child.exitCode === null && child.signalCode === null;
  const log = () => (fs.existsSync(daemonLog) ? fs.readFileSync(daemonLog, 'utf8') : '');

  const stop = async () => {
    if (!running()) return;
    ao(['stop']);
    const stopped = await Promise.race([exited.then(() => true), delay(10_000).then(() => false)]);
    if (!stopped) {
      child?.kill('SIGKILL');
      await exited;
    }
  };

  const harness: RealDaemonHome = {
    home,
    dataDir,
    dbPath: path.join(dataDir, 'ao.db'),
    runFile,
    env,
    ao,
    aoJson<T>(args: string[]): T {
      const result = ao([...args, '--json']);
      if (result.status !== 0) throw new Error(`ao ${args.join(' ')} exited ${result.status}: ${result.stderr}${result.stdout}`);
      return JSON.parse(result.stdout) as T;
    },
    async start() {
      if (running()) throw new Error('the daemon is already running');
      fs.mkdirSync(path.dirname(runFile), { recursive: true });
      const out = fs.openSync(daemonLog, 'a');
      child = spawn(binary, ['daemon'], { env, cwd: home, stdio: ['ignore', out, out] });
      fs.closeSync(out);
      const started = child;
      exited = new Promise((resolve) => started.once('exit', () => resolve()));
      for (let attempt = 0; attempt < 300; attempt += 1) {
        if (!running()) throw new Error(`the daemon exited before it was ready:\n${log()}`);
        const status = ao(['status', '--json']);
        if (status.status === 0 && /"state":\s*"ready"/.test(status.stdout)) return;
        await delay(50);
      }
      await stop();
      throw new Error(`the daemon did not get ready:\n${log()}`);
    },
    stop,
    running,
    agentCalls() {
      if (!fs.existsSync(callLog)) return [];
      return fs
        .readFileSync(callLog, 'utf8')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as AgentCall);
    },
    log,
    async cleanup() {
      await stop();
      // The private tmux server (restored sessions run there); "no server running" is fine.
      spawnSync('tmux', ['kill-server'], { env, stdio: 'ignore' });
      fs.rmSync(tmuxDir, { recursive: true, force: true });
      if (ownsHome) fs.rmSync(home, { recursive: true, force: true });
    },
  };
  return harness;
}

function locateBinary(): string | undefined {
  try {
    const manifest = createRequire(import.meta.url).resolve('@aoagents/ao-linux-x64/package.json');
    const binary = path.join(path.dirname(manifest), 'bin', 'ao');
    return fs.existsSync(binary) ? binary : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `claude`, `codex` and `opencode` that append `{agent, cwd, argv}` to
 * `callLog`, answer the daemon's readiness probes (`claude auth status`,
 * `codex login status`, `opencode auth list`) at once, and otherwise stay
 * alive briefly, as an agent in a tmux pane does.
 */
function writeFakeAgents(dir: string, callLog: string): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const agent of ['claude', 'codex', 'opencode']) {
    const script = `#!${process.execPath}
const fs = require('node:fs');
const argv = process.argv.slice(2);
fs.appendFileSync(${JSON.stringify(callLog)}, JSON.stringify({ agent: ${JSON.stringify(agent)}, cwd: process.cwd(), argv }) + '\\n');
const probe = ['auth status', 'login status', 'auth list', '--version'].includes(argv.join(' '));
if (!probe) setTimeout(() => {}, 30000);
`;
    fs.writeFileSync(path.join(dir, agent), script, { mode: 0o755 });
  }
}

/** A port nothing listens on right now, on loopback. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
