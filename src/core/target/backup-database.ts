import * as fs from 'node:fs';
import type { SqliteDatabase } from './sqlite-driver.js';

/**
 * Copies the database to `ao.db.pre-migrate-<UTC timestamp>` beside it and
 * returns the copy's path. `VACUUM INTO` rather than better-sqlite3's
 * `backup()`: that one is asynchronous, and the write must stay one
 * synchronous flow on one connection; `VACUUM INTO` is SQLite's other online
 * copy, reads one consistent snapshot (WAL included) and never changes the
 * source.
 */
export function backupDatabase(db: SqliteDatabase, dbPath: string, now: Date): string {
  const stamp = now.toISOString().replace(/:/g, '-');
  let backupPath = `${dbPath}.pre-migrate-${stamp}`;
  for (let n = 2; fs.existsSync(backupPath); n += 1) backupPath = `${dbPath}.pre-migrate-${stamp}-${n}`;
  db.prepare('VACUUM INTO ?').run(backupPath);
  return backupPath;
}
