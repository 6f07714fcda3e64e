import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { claudeProjectSlug } from '../../src/core/claude/project-slug.js';
import { createLegacyStore, lifecycleV2, sessionRecord, type LegacyStore } from '../../src/testing/legacy-store-builder.js';
import { createRewriteDatabase } from '../../src/testing/rewrite-database.js';
import { CLI } from '../e2e/world.js';

/** Names a copy carries before it is renamed into place (see copy-atomically.ts). */
export const TEMP_COPY_NAME = /^\..+\.ao-migrate-tmp-\d+$/;

export interface LargeWorldSpec {
  projects: number;
  sessionsPerProject: number;
  /** Every `claudeEvery`-th session is a claude-code session with a transcript; the others are codex. */
  claudeEvery: number;
  transcriptBytes: number;
  /** Prompt length per session: makes the database transaction bigger. */
  promptBytes?: number;
}

/** A fake home with a generated legacy store, source transcripts and a v23 database (npm 0.10.x); resettable to pristine. */
export interface LargeWorld {
  home: string;
  store: LegacyStore;
  dataDir: string;
  dbPath: string;
  claudeDir: string;
  projectsDir: string;
  env: NodeJS.ProcessEnv;
  /** Every session id the store holds (all live, so all are migrated). */
  sessionIds: string[];
  projectIds: string[];
  /** Source `<uuid>.jsonl` per claude session id. */
  sourceTranscripts: Map<string, string>;
  /** The bucket dirs that hold source transcripts (never written). */
  sourceBuckets: Set<string>;
  /** Puts the database back as `createRewriteDatabase` made it and removes every destination bucket and backup. */
  reset(): void;
  /** Spawns the built CLI; resolves with how it ended. `killAfterMs` sends SIGKILL after that delay. */
  spawnCli(args: string[], options?: { killAfterMs?: number; wrap?: string[] }): Promise<CliRun>;
  /** Runs the built CLI to completion. */
  runCli(args: string[]): CliRun;
  cleanup(): void;
}

export interface CliRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  elapsedMs: number;
}

export function buildLargeWorld(spec: LargeWorldSpec): LargeWorld {
  const home = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ao-migrate-reliability-')));
  const store = createLegacyStore({ dir: home });
  const dataDir = path.join(home, '.ao', 'data');
  const claudeDir = path.join(home, '.claude');
  const projectsDir = path.join(claudeDir, 'projects');
  fs.mkdirSync(projectsDir, { recursive: true });
  const dbPath = createRewriteDatabase(dataDir, 'v23');
  const pristineDb = fs.readFileSync(dbPath);
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, NO_COLOR: '1' };

  const projects: Record<string, { path: string; sessionPrefix: string; repo: Record<string, string>; registeredAt: number }> = {};
  const projectIds: string[] = [];
  for (let p = 0; p < spec.projects; p += 1) {
    const id = `proj${p}`;
    store.repoPath(id);
    projectIds.push(id);
    // An origin URL in the registry: no `git` process per project.
    projects[id] = { path: `~/code/${id}`, sessionPrefix: `p${p}`, repo: { originUrl: `https://example.com/${id}.git` }, registeredAt: 1780000000 + p };
  }
  store.writeRegistry({ projects });

  const sessionIds: string[] = [];
  const sourceTranscripts = new Map<string, string>();
  const sourceBuckets = new Set<string>();
  const filler = transcriptFiller(spec.transcriptBytes);
  let counter = 0;
  for (let p = 0; p < spec.projects; p += 1) {
    const projectId = `proj${p}`;
    for (let n = 1; n <= spec.sessionsPerProject; n += 1) {
      counter += 1;
      const id = `p${p}-${n}`;
      // The legacy worktree is gone (as after `ao` cleaned it up): its literal path names the source bucket.
      const worktree = path.join(home, 'legacy-worktrees', projectId, id);
      const claude = counter % spec.claudeEvery === 0;
      const uuid = `${String(counter).padStart(8, '0')}-0000-4000-8000-${String(p).padStart(12, '0')}`;
      store.writeSession(projectId, id, sessionRecord({
        project: projectId,
        branch: `feat/${id}`,
        worktree,
        userPrompt: `Task ${id} `.padEnd(spec.promptBytes ?? 40, 'x'),
        ...(claude ? { claudeSessionUuid: uuid } : { agent: 'codex', claudeSessionUuid: undefined, codexThreadId: `thread-${id}` }),
        lifecycle: lifecycleV2({ state: 'working', lastTransitionAt: '2026-06-11T10:00:00.500Z' }),
      }));
      sessionIds.push(id);
      if (claude) {
        const bucket = path.join(projectsDir, claudeProjectSlug(worktree));
        fs.mkdirSync(bucket, { recursive: true });
        const file = path.join(bucket, `${uuid}.jsonl`);
        // A distinct first line: a copy of the wrong source would not compare equal.
        fs.writeFileSync(file, Buffer.concat([Buffer.from(`{"type":"summary","session":"${id}"}\n`), filler]));
        sourceTranscripts.set(id, file);
        sourceBuckets.add(bucket);
      }
    }
  }

  const runCli = (args: string[]): CliRun => {
    const started = Date.now();
    const result = spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8', timeout: 60_000 });
    return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr, elapsedMs: Date.now() - started };
  };

  return {
    home,
    store,
    dataDir,
    dbPath,
    claudeDir,
    projectsDir,
    env,
    sessionIds,
    projectIds,
    sourceTranscripts,
    sourceBuckets,
    reset() {
      for (const name of fs.readdirSync(dataDir)) fs.rmSync(path.join(dataDir, name), { recursive: true, force: true });
      fs.writeFileSync(dbPath, pristineDb);
      for (const name of fs.readdirSync(projectsDir)) {
        const bucket = path.join(projectsDir, name);
        if (!sourceBuckets.has(bucket)) fs.rmSync(bucket, { recursive: true, force: true });
      }
    },
    spawnCli(args, { killAfterMs, wrap = [] } = {}) {
      return new Promise((resolve, reject) => {
        const started = Date.now();
        const [command = process.execPath, ...prefix] = wrap.length > 0 ? [...wrap, process.execPath] : [process.execPath];
        const child = spawn(command, [...prefix, CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
        child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
        const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
        child.once('error', reject);
        child.once('close', (status, signal) => {
          clearTimeout(timer);
          resolve({ status, signal, stdout, stderr, elapsedMs: Date.now() - started });
        });
      });
    },
    runCli,
    cleanup() {
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Realistic-looking JSONL of about `bytes` bytes. */
function transcriptFiller(bytes: number): Buffer {
  const line = `${JSON.stringify({ type: 'assistant', message: { role: 'assistant', content: 'lorem ipsum dolor sit amet '.repeat(8) } })}\n`;
  return Buffer.from(line.repeat(Math.max(1, Math.ceil(bytes / line.length))));
}

/** Every file under `dir` (relative paths, sorted), without following symlinks; `[]` when absent. */
export function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const child = path.join(relative, entry.name);
      if (entry.isDirectory()) walk(child);
      else out.push(child);
    }
  };
  walk('');
  return out.sort();
}

/** Runs `PRAGMA integrity_check` with the sqlite3 driver the project uses. */
export function integrityCheck(dbPath: string): string {
  const db = new Database(dbPath, { fileMustExist: true });
  try {
    return String(db.pragma('integrity_check', { simple: true }));
  } finally {
    db.close();
  }
}
