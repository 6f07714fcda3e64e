import type { SqliteDatabase, SqliteDriver } from './sqlite-driver.js';

/**
 * A connection that holds `file` exclusively until `close()`, or `undefined`
 * while another process has the file open (rewrite-v12 §5: an idle program
 * holds no write lock, but under `locking_mode=EXCLUSIVE`, `BEGIN EXCLUSIVE`
 * fails while any other connection exists). The lock outlives the probe's
 * transaction, so the holder can back up and write with no gap in which the
 * program could open the file. A few short, jittered retries only let one of
 * two runs started at the same instant win instead of both refusing.
 * Errors other than "locked" (not a database, unreadable) propagate.
 */
export function openExclusiveConnection(
  driver: SqliteDriver,
  file: string,
  /** Runs on the fresh connection before it asks for the lock (a read, to set up the WAL index first). */
  beforeLocking?: (db: SqliteDatabase) => void,
): { db: SqliteDatabase; close(): void } | undefined {
  for (let attempt = 1; ; attempt += 1) {
    const db = new driver(file, { fileMustExist: true, timeout: 0 });
    try {
      beforeLocking?.(db);
      db.pragma('locking_mode = EXCLUSIVE');
      db.exec('BEGIN EXCLUSIVE');
      return {
        db,
        close: () => {
          if (db.inTransaction) db.exec('ROLLBACK');
          db.close();
        },
      };
    } catch (error) {
      db.close();
      if (!isLocked(error)) throw error;
      if (attempt >= PROBE_ATTEMPTS) return undefined;
      sleepSync(PROBE_PAUSE_MS * (0.5 + Math.random()));
    }
  }
}

const PROBE_ATTEMPTS = 5;
const PROBE_PAUSE_MS = 80;

function isLocked(error: unknown): boolean {
  const code = sqliteCode(error);
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED';
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export function sqliteCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}
