import * as fs from 'node:fs';
import type { Note } from '../note.js';
import { MigrationRefusedError } from '../errors.js';
import { refuseRunningDaemon, isPidAliveBySignal } from './refuse-running-daemon.js';
import { refuseSchemaMismatch } from './refuse-schema-mismatch.js';
import { refuseSuspiciousDataDir } from './refuse-suspicious-data-dir.js';
import { openExclusiveConnection, sqliteCode } from './exclusive-connection.js';
import { loadSqliteDriver, type SqliteDatabase, type SqliteDriver } from './sqlite-driver.js';
import { resolveTargetPaths, type TargetOptions, type TargetPaths } from './target-options.js';

export { sqliteCode };

/** `inspect` reads only and leaves no trace; `write` gets a normal read-write connection. */
export type TargetAccess = 'inspect' | 'write';

export interface OpenedTarget {
  db: SqliteDatabase;
  paths: TargetPaths;
  notes: Note[];
  close(): void;
}

/**
 * Runs every precondition (migration-rules §8) and opens the database.
 *
 * Order: driver → suspicious data dir → database exists → run file → lock
 * probe → schema. The issue lists the data-dir check last; it runs second
 * here so nothing touches a dir inside the legacy store and a user is never
 * told to "start the rewrite" because of a legacy AO_DATA_DIR.
 */
export function openTargetDatabase(legacyRoot: string, options: TargetOptions, access: TargetAccess): OpenedTarget {
  const driver = loadSqliteDriver();
  const env = options.env ?? process.env;
  const paths = resolveTargetPaths(options);
  refuseSuspiciousDataDir(paths.dataDir, options.legacyRoot ?? legacyRoot, env);
  refuseMissingDatabase(paths.dbPath);
  refuseRunningDaemon(paths.runFile, options.isPidAlive ?? isPidAliveBySignal);

  const opened = access === 'write' ? openForWriting(driver, paths) : openForInspection(driver, paths);
  try {
    refuseSchemaMismatch(opened.db, paths.dbPath);
  } catch (error) {
    opened.close();
    throw asNotADatabaseRefusal(error, paths.dbPath);
  }
  return opened;
}

function refuseMissingDatabase(dbPath: string): void {
  if (fs.statSync(dbPath, { throwIfNoEntry: false })?.isFile()) return;
  throw new MigrationRefusedError(
    'DB_MISSING',
    `The rewrite's database ${dbPath} does not exist: start the rewrite once with \`ao start\` ` +
      '(it creates and migrates its database), stop it with `ao stop`, then run again.',
  );
}

function openForWriting(driver: SqliteDriver, paths: TargetPaths): OpenedTarget {
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
function openForInspection(driver: SqliteDriver, paths: TargetPaths): OpenedTarget {
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

/** The exclusive probe (see `openExclusiveConnection`), as a refusal when another process has the database open. */
function openLockProbe(driver: SqliteDriver, dbPath: string): { db: SqliteDatabase; close(): void } {
  let probe;
  try {
    probe = openExclusiveConnection(driver, dbPath);
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
    `${dbPath} is not a SQLite database (found: not a database): move it aside, start the rewrite once with ` +
      '`ao start` so it creates its database, stop it with `ao stop`, then run again.',
  );
}
