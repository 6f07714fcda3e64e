import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';

/**
 * Where codex and opencode keep a session, in the shapes measured with their
 * released binaries (agents.md; test/agents/*-resume.test.ts run the real
 * ones): the columns ao-migrate reads and the ones a copy must carry along.
 */

export interface CodexThreadOptions {
  /** Codex's home (`$CODEX_HOME`, else `~/.codex`). */
  codexHome: string;
  /** A UUID, as codex names threads. */
  threadId: string;
  /** The directory the thread ran in. */
  cwd: string;
  title?: string;
  /** When the thread started (names the rollout's day directory and file); default 2026-06-12T08:00:00Z. */
  createdAt?: Date;
}

/** Writes a codex thread: its rollout under `sessions/<y>/<m>/<d>/` and its row in `state_5.sqlite`. Returns the rollout's path. */
export function writeCodexThread(options: CodexThreadOptions): string {
  const created = options.createdAt ?? new Date('2026-06-12T08:00:00Z');
  const iso = created.toISOString();
  const day = path.join(options.codexHome, 'sessions', iso.slice(0, 4), iso.slice(5, 7), iso.slice(8, 10));
  fs.mkdirSync(day, { recursive: true });
  const rollout = path.join(day, `rollout-${iso.slice(0, 19).replaceAll(':', '-')}-${options.threadId}.jsonl`);
  const cwd = JSON.stringify(options.cwd);
  const lines = [
    { timestamp: iso, type: 'session_meta', payload: { session_id: options.threadId, id: options.threadId, cwd: options.cwd, runtime_workspace_roots: [options.cwd] } },
    { timestamp: iso, type: 'response_item', payload: { type: 'message', role: 'user', content: [{ type: 'input_text', text: options.title ?? 'fix the api' }] } },
    { timestamp: iso, type: 'turn_context', payload: { turn_id: 't1', cwd: options.cwd, workspace_roots: [options.cwd] } },
  ];
  fs.writeFileSync(rollout, lines.map((line) => JSON.stringify(line)).join('\n') + '\n');
  const db = new Database(path.join(options.codexHome, 'state_5.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.exec(`CREATE TABLE IF NOT EXISTS threads (id TEXT PRIMARY KEY, rollout_path TEXT NOT NULL, created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL, cwd TEXT NOT NULL, title TEXT NOT NULL, sandbox_policy TEXT NOT NULL, git_branch TEXT)`);
    const seconds = Math.floor(created.getTime() / 1000);
    db.prepare('INSERT INTO threads VALUES (?, ?, ?, ?, ?, ?, ?, NULL)').run(
      options.threadId, rollout, seconds, seconds, options.cwd, options.title ?? 'fix the api', `{"path":${cwd}}`,
    );
  } finally {
    db.close();
  }
  return rollout;
}

export interface OpencodeSessionOptions {
  /** OpenCode's data dir (`$XDG_DATA_HOME/opencode`, else `~/.local/share/opencode`). */
  dataDir: string;
  /** `ses_…`, as opencode names sessions. */
  sessionId: string;
  /** The directory the session ran in. */
  directory: string;
  title?: string;
}

/** Writes an opencode session into `<data dir>/opencode.db` (opencode 1.18's store). Returns the database's path. */
export function writeOpencodeSession(options: OpencodeSessionOptions): string {
  fs.mkdirSync(options.dataDir, { recursive: true });
  const file = path.join(options.dataDir, 'opencode.db');
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.exec(`CREATE TABLE IF NOT EXISTS project (id TEXT PRIMARY KEY, worktree TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS session (id TEXT PRIMARY KEY, project_id TEXT NOT NULL REFERENCES project(id), slug TEXT NOT NULL,
        directory TEXT NOT NULL, path TEXT, title TEXT NOT NULL, version TEXT NOT NULL, time_created INTEGER NOT NULL, time_updated INTEGER NOT NULL)`);
    db.prepare('INSERT OR IGNORE INTO project VALUES (?, ?)').run('global', '/');
    db.prepare('INSERT INTO session VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?)').run(
      options.sessionId, 'global', 'shiny-river', options.directory, options.title ?? 'New session', '1.18.3', 1781251200000, 1781251260000,
    );
  } finally {
    db.close();
  }
  return file;
}
