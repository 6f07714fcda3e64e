import * as fs from 'node:fs';
import type { Note } from '../note.js';
import { MigrationRefusedError } from '../errors.js';
import { refuseRunningDaemon } from './refuse-running-daemon.js';
import { refuseSuspiciousDataDir } from './refuse-suspicious-data-dir.js';
import { refuseUnfitSchema, type TargetSchema } from './schema/refuse-unfit-schema.js';
import type { ColumnValues } from './schema/values-written.js';
import { nodeFileSystem, readRegularFile } from '../effects/fs.js';
import { openDatabaseImage } from './database-image.js';
import { openExclusiveConnection, sqliteCode } from './exclusive-connection.js';
import { loadSqliteDriver, type SqliteDatabase, type SqliteDriver } from './sqlite-driver.js';
import { START_REWRITE_ONCE } from './start-rewrite-once.js';
import { resolveTargetPaths, type TargetOptions, type TargetPaths } from './target-options.js';

export { sqliteCode };

/** `inspect` reads only and leaves no trace; `write` gets a normal read-write connection. */
export type TargetAccess = 'inspect' | 'write';

export interface OpenedTarget {
  db: SqliteDatabase;
  paths: TargetPaths;
  /** What the shape check found. */
  schema: TargetSchema;
  notes: Note[];
  /** Set (to why, one line) when an inspection could not check whether another process has the database open. */
  inUseUnchecked?: string;
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

/**
 * The probe's connection itself, its exclusive lock kept: under
 * `locking_mode=EXCLUSIVE` a connection never releases a lock it took, so
 * after its empty transaction ends no other process can open the database
 * until the run closes it. A run then copies transcripts and writes rows
 * with no other process in between, and nothing can refuse it halfway.
 */
function openForWriting(driver: SqliteDriver, paths: TargetPaths): Connection {
  const unwritable = notWritable(paths);
  if (unwritable !== undefined) {
    throw new MigrationRefusedError(
      'DB_READ_ONLY',
      `${unwritable}, so the migration cannot write there: run it as the user who runs the rewrite, or make the data dir and ao.db writable, then run again (\`--dry-run\` and \`status\` only read, and work as they are).`,
    );
  }
  const { db } = openLockProbe(driver, paths.dbPath);
  db.exec('COMMIT');
  return { db, paths, notes: [], close: () => db.close() };
}

/**
 * At rest (no `-wal`) the inspection reads through the probe's own
 * connection: inside its exclusive transaction, with `query_only`, rolled
 * back and closed. A read-only connection would instead leave `-wal`/`-shm`
 * behind (only the last read-write connection removes them).
 *
 * An `ao.db` this process may not write (or in a data dir it may not write)
 * cannot be locked: SQLite opens it read-only and `BEGIN EXCLUSIVE` then
 * succeeds without excluding anyone, so whether another process has it open
 * cannot be told, and `inUseUnchecked` says so. At rest it is then read from
 * a copy in memory: a read-only connection would leave `-wal`/`-shm` behind,
 * or, in a read-only dir, cannot open it at all.
 */
function openForInspection(driver: SqliteDriver, paths: TargetPaths): Connection {
  const unwritable = notWritable(paths);
  const besideWal = fs.existsSync(`${paths.dbPath}-wal`);
  const opened = besideWal
    ? openBesideWal(driver, paths, unwritable === undefined)
    : unwritable === undefined
      ? openAtRest(driver, paths)
      : openImage(driver, paths);
  if (unwritable === undefined) return opened;
  const why = `${unwritable}, so it cannot be locked`;
  const note: Note = {
    scope: 'store',
    id: paths.dbPath,
    message:
      `${why}: this look could not check whether another process has the database open. ` +
      'A real run as this user would be refused (DB_READ_ONLY): run it as the user who runs the rewrite.',
  };
  return { ...opened, notes: [note, ...opened.notes], inUseUnchecked: why };
}

function openImage(driver: SqliteDriver, paths: TargetPaths): Connection {
  const db = openDatabaseImage(driver, readRegularFile(nodeFileSystem, paths.dbPath));
  return { db, paths, notes: [], close: () => db.close() };
}

function openAtRest(driver: SqliteDriver, paths: TargetPaths): Connection {
  const probe = openLockProbe(driver, paths.dbPath);
  probe.db.pragma('query_only = ON');
  return { db: probe.db, paths, notes: [], close: () => probe.close() };
}

/**
 * With a `-wal` there (the rewrite is running, or did not shut down
 * cleanly) the probe must not be the last connection to close: that one
 * folds the WAL into `ao.db`. So the probe first reads as a normal WAL
 * reader (which keeps the WAL's index in `-shm`, so it can leave exclusive
 * mode again), takes the same exclusive lock as the real run's probe, and
 * steps back to a shared lock; a read-only connection then takes its own
 * shared lock, and the probe closes finding it there, leaving the WAL as it
 * is. The read-only connection, which never checkpoints, does the reading.
 * `ao.db` and `-wal` stay byte-for-byte as they were; only `-shm`, SQLite's
 * index of the WAL, may be rebuilt, as any reader does.
 */
function openBesideWal(driver: SqliteDriver, paths: TargetPaths, probe: boolean): Connection {
  const reader = new driver(paths.dbPath, { readonly: true, fileMustExist: true });
  if (probe) {
    let prober: SqliteDatabase;
    try {
      prober = openLockProbe(driver, paths.dbPath, readSchema).db;
    } catch (error) {
      reader.close();
      throw error;
    }
    try {
      prober.exec('ROLLBACK');
      prober.pragma('locking_mode = NORMAL');
      readSchema(prober);
      readSchema(reader);
    } finally {
      prober.close();
    }
  }
  return { db: reader, paths, notes: [], close: () => reader.close() };
}

function readSchema(db: SqliteDatabase): void {
  db.prepare('SELECT COUNT(*) FROM sqlite_schema').get();
}

/** Why this process may not write `ao.db` or its data dir (`EACCES`, `EROFS`), or undefined when it may. */
function notWritable(paths: TargetPaths): string | undefined {
  for (const [what, target] of [[paths.dbPath, paths.dbPath], [`the data dir ${paths.dataDir}`, paths.dataDir]] as const) {
    try {
      fs.accessSync(target, fs.constants.W_OK);
    } catch (error) {
      return `${what} is not writable here (${(error as NodeJS.ErrnoException).code ?? 'not writable'})`;
    }
  }
  return undefined;
}

/** The exclusive probe (see `openExclusiveConnection`), as a refusal when another process has the database open. */
function openLockProbe(
  driver: SqliteDriver,
  dbPath: string,
  beforeLocking?: (db: SqliteDatabase) => void,
): { db: SqliteDatabase; close(): void } {
  let probe;
  try {
    probe = openExclusiveConnection(driver, dbPath, beforeLocking);
  } catch (error) {
    throw asNotADatabaseRefusal(error, dbPath);
  }
  if (probe !== undefined) return probe;
  throw new MigrationRefusedError(
    'DB_IN_USE',
    `Another process has the rewrite's database ${dbPath} open (the rewrite's daemon without its run file, ` +
      'a sqlite3 shell, or another ao-migrate?): stop it (`ao stop` for the daemon), then run again.',
  );
}

function asNotADatabaseRefusal(error: unknown, dbPath: string): unknown {
  if (sqliteCode(error) !== 'SQLITE_NOTADB') return error;
  return new MigrationRefusedError(
    'SCHEMA_MISMATCH',
    `${dbPath} is not a SQLite database (found: not a database): move it aside, let the rewrite create its database ` +
      `(${START_REWRITE_ONCE}), then run again.`,
  );
}
