import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { rewriteShapeDdl, rewriteShapeGooseVersions, type RewriteShape } from './rewrite-schema/shapes.js';

export { REWRITE_SHAPES, type RewriteShape } from './rewrite-schema/shapes.js';

/**
 * Test fixtures for the rewrite's database: `ao.db` as a stopped daemon
 * leaves it (WAL mode, connection closed so no `-wal`/`-shm` is left), in
 * the shape of a release users have, and helpers to seed and read it.
 */

/**
 * Creates `<dataDir>/ao.db` in the given shape, with no rows but goose's:
 * `v12` (June 2026 builds: every v12 table, goose 0…12), `v23` (npm 0.10.x:
 * goose 0…21 and 23) or `v82` (desktop nightly: its extra columns and
 * CHECK values, goose up to 82 with its holes). Returns the path.
 */
export function createRewriteDatabase(dataDir: string, shape: RewriteShape): string {
  fs.mkdirSync(dataDir, { recursive: true });
  const dbPath = path.join(dataDir, 'ao.db');
  if (fs.existsSync(dbPath)) throw new Error(`createRewriteDatabase: ${dbPath} already exists`);
  withDatabase(
    dbPath,
    (db) => {
      db.pragma('journal_mode = WAL');
      db.exec(rewriteShapeDdl(shape));
      const insert = db.prepare('INSERT INTO goose_db_version (version_id, is_applied) VALUES (?, 1)');
      for (const version of rewriteShapeGooseVersions(shape)) insert.run(version);
    },
    { create: true },
  );
  return dbPath;
}

/** A `projects` row already in the rewrite's database; timestamps are raw text in any layout. */
export interface ExistingProjectInput {
  id: string;
  path: string;
  repo_origin_url?: string;
  display_name?: string;
  registered_at?: string;
  archived_at?: string | null;
  config?: string | null;
  kind?: string;
}

export function insertExistingProject(dbPath: string, project: ExistingProjectInput): void {
  const row = {
    repo_origin_url: '',
    display_name: '',
    registered_at: '2026-01-05 09:00:00 +0000 UTC',
    archived_at: null,
    config: null,
    kind: 'single_repo',
    ...project,
  };
  withDatabase(dbPath, (db) => insertRow(db, 'projects', row));
}

/** A `sessions` row already in the rewrite's database; timestamps are raw text in any layout. */
export interface ExistingSessionInput {
  id: string;
  project_id: string;
  num: number;
  issue_id?: string;
  kind?: string;
  harness?: string;
  activity_state?: string;
  activity_last_at?: string;
  is_terminated?: 0 | 1;
  branch?: string;
  workspace_path?: string;
  runtime_handle_id?: string;
  agent_session_id?: string;
  prompt?: string;
  created_at?: string;
  updated_at?: string;
  display_name?: string;
  first_signal_at?: string | null;
}

export function insertExistingSession(dbPath: string, session: ExistingSessionInput): void {
  const row = {
    issue_id: '',
    kind: 'worker',
    harness: 'claude-code',
    activity_state: 'idle',
    activity_last_at: '2026-01-05 09:30:00 +0000 UTC',
    is_terminated: 0,
    branch: '',
    workspace_path: '',
    runtime_handle_id: '',
    agent_session_id: '',
    prompt: '',
    created_at: '2026-01-05 09:00:00 +0000 UTC',
    updated_at: '2026-01-05 09:30:00 +0000 UTC',
    display_name: '',
    first_signal_at: null,
    ...session,
  };
  withDatabase(dbPath, (db) => {
    db.pragma('foreign_keys = ON');
    insertRow(db, 'sessions', row);
  });
}

/** Every row (all columns) of the tables the migration writes, in a stable order, as SQLite returns them. */
export interface MigratedTables {
  projects: Record<string, unknown>[];
  sessions: Record<string, unknown>[];
  changeLog: Record<string, unknown>[];
}

export function readMigratedTables(dbPath: string): MigratedTables {
  return withDatabase(dbPath, (db) => ({
    projects: db.prepare('SELECT * FROM projects ORDER BY id').all() as Record<string, unknown>[],
    sessions: db.prepare('SELECT * FROM sessions ORDER BY id').all() as Record<string, unknown>[],
    changeLog: db.prepare('SELECT * FROM change_log ORDER BY seq').all() as Record<string, unknown>[],
  }));
}

function insertRow(db: Database.Database, table: string, row: Record<string, unknown>): void {
  const columns = Object.keys(row);
  db.prepare(
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
  ).run(row);
}

/**
 * Opens read-write and closes again: the last connection to close folds the
 * WAL into `ao.db` and removes `-wal`/`-shm`, the at-rest state a stopped
 * daemon leaves. (A read-only connection would leave both files behind.)
 */
function withDatabase<T>(
  dbPath: string,
  use: (db: Database.Database) => T,
  { create = false }: { create?: boolean } = {},
): T {
  const db = new Database(dbPath, { fileMustExist: !create });
  try {
    return use(db);
  } finally {
    db.close();
  }
}
