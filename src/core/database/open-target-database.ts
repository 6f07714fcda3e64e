import * as fs from 'node:fs';
import type { Note } from '../note.js';
import { MigrationRefusedError } from '../errors.js';
import { refuseRunningDaemon } from './refuse-running-daemon.js';
import { refuseSuspiciousDataDir } from './refuse-suspicious-data-dir.js';
import { refuseUnfitSchema, type TargetSchema } from './schema/refuse-unfit-schema.js';
import type { ColumnValues } from './schema/values-written.js';
import { loadSqliteDriver, type SqliteDatabase, type SqliteDriver } from './sqlite-driver.js';
import { START_REWRITE_ONCE } from './start-rewrite-once.js';
import { resolveTargetPaths, type TargetOptions, type TargetPaths } from './target-options.js';

/** `inspect` reads only and leaves no trace; `write` gets a normal read-write connection. */
export type TargetAccess = 'inspect' | 'write';

export interface OpenedTarget {
  db: SqliteDatabase;
  paths: TargetPaths;
  /** What the shape check found. */
  schema: TargetSchema;
  notes: Note[];
  close(): void;
}

/** A connection that passed the other preconditions; the shape check comes last. */
type Connection = Omit<OpenedTarget, 'schema'>;

/**
 * Runs every precondition (migration-rules §8) and opens the database.
 *
 * Order: driver → suspicious data dir → database exists → run file → lock
 * probe → schema shape. The issue lists the data-dir check last; it runs second
 * here so nothing touches a dir inside the legacy store and a user is never
 * told to "start the rewrite" because of a legacy AO_DATA_DIR. `written` are
 * the values the caller will put into CHECKed columns (none for reading or
 * removing rows).
 */
export async function openTargetDatabase(
  legacyRoot: string,
  options: TargetOptions,
  access: TargetAccess,
  written: readonly ColumnValues[] = [],
): Promise<OpenedTarget> {
  const driver = loadSqliteDriver();
  const env = options.env ?? process.env;
  const paths = resolveTargetPaths(options);
  refuseSuspiciousDataDir(paths.dataDir, options.legacyRoot ?? legacyRoot, env);
  refuseMissingDatabase(paths.dbPath);
  const daemonNotes = await refuseRunningDaemon(paths.runFile, options);

  const opened = access === 'write' ? openForWriting(driver, paths) : openForInspection(driver, paths);
  opened.notes.unshift(...daemonNotes);
  return withSchema(opened, written);
}

/** Runs the shape check on an open connection; on a refusal (or any error) the connection is closed. */
export function withSchema(opened: Connection, written: readonly ColumnValues[]): OpenedTarget {
  try {
    return { ...opened, schema: refuseUnfitSchema(opened.db, opened.paths.dbPath, written) };
  } catch (error) {
    opened.close();
    throw asNotADatabaseRefusal(error, opened.paths.dbPath);
  }
}

function refuseMissingDatabase(dbPath: string): void {
  if (fs.statSync(dbPath, { throwIfNoEntry: false })?.isFile()) return;
  throw new MigrationRefusedError(
    'DB_MISSING',
    `The rewrite's database ${dbPath} does not exist: let the rewrite create it (${START_REWRITE_ONCE}), then run again.`,
  );
}

function openForWriting(driver: SqliteDriver, paths: TargetPaths): Connection {
  // The probe's own connection must be gone before real work (rewrite-v12 §5).
  openLockProbe(driver, paths.dbPath).close();
  const db = new driver(paths.dbPath, { fileMustExist: true });
  return { db, paths, notes: [], close: () => db.close() };
}

/**
 * A read-only connection would leave `-wal`/`-shm` behind (only the last
 * read-write connection removes them), so at rest the inspection reads
 * through the probe's own connection instead: inside its exclusive
 * transaction, with `query_only`, rolled back and closed. That leaves the
 * directory and `ao.db` byte-for-byte as they were.
 *
 * When a `-wal` is already there (the rewrite is running, or did not shut
 * down cleanly), the probe would fold that file into `ao.db` on close, so the
 * inspection skips it and reads through a read-only connection; the write
 * run still probes before writing.
 */
function openForInspection(driver: SqliteDriver, paths: TargetPaths): Connection {
  if (fs.existsSync(`${paths.dbPath}-wal`)) {
    const db = new driver(paths.dbPath, { readonly: true, fileMustExist: true });
    const note: Note = {
      scope: 'store',
      id: paths.dbPath,
      message:
        `${paths.dbPath}-wal exists (the rewrite is running, or did not shut down cleanly): this read-only look did not ` +
        'check whether another process has the database open, since that check would rewrite ao.db; a real run checks it before writing.',
    };
    return { db, paths, notes: [note], close: () => db.close() };
  }
  const probe = openLockProbe(driver, paths.dbPath);
  probe.db.pragma('query_only = ON');
  return { db: probe.db, paths, notes: [], close: () => probe.close() };
}

/**
 * rewrite-v12 §5: an idle daemon holds no write lock, but while any other
 * process has the database open, `BEGIN EXCLUSIVE` under
 * `locking_mode=EXCLUSIVE` fails with "database is locked". A daemon keeps
 * the database open, so waiting long would not help; a few short, jittered
 * retries only let one of two migrations started at the same instant win
 * instead of both seeing the other and refusing.
 */
function openLockProbe(driver: SqliteDriver, dbPath: string): { db: SqliteDatabase; close(): void } {
  for (let attempt = 1; ; attempt += 1) {
    const db = new driver(dbPath, { fileMustExist: true, timeout: 0 });
    try {
      db.pragma('locking_mode = EXCLUSIVE');
      db.exec('BEGIN EXCLUSIVE');
      return {
        db,
        close: () => {
          db.exec('ROLLBACK');
          db.close();
        },
      };
    } catch (error) {
      db.close();
      const busy = sqliteCode(error) === 'SQLITE_BUSY' || sqliteCode(error) === 'SQLITE_LOCKED';
      if (!busy) throw asNotADatabaseRefusal(error, dbPath);
      if (attempt >= PROBE_ATTEMPTS) {
        throw new MigrationRefusedError(
          'DB_IN_USE',
          `Another process has the rewrite's database ${dbPath} open (the rewrite's daemon without its run file, ` +
            'a sqlite3 shell, or another ao-migrate?): stop it (`ao stop` for the daemon), then run again.',
        );
      }
      sleepSync(PROBE_PAUSE_MS * (0.5 + Math.random()));
    }
  }
}

const PROBE_ATTEMPTS = 5;
const PROBE_PAUSE_MS = 80;

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function asNotADatabaseRefusal(error: unknown, dbPath: string): unknown {
  if (sqliteCode(error) !== 'SQLITE_NOTADB') return error;
  return new MigrationRefusedError(
    'SCHEMA_MISMATCH',
    `${dbPath} is not a SQLite database (found: not a database): move it aside, let the rewrite create its database ` +
      `(${START_REWRITE_ONCE}), then run again.`,
  );
}

export function sqliteCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}
