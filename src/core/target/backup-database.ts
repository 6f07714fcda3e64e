import * as fs from 'node:fs';
import type { SqliteDatabase } from './sqlite-driver.js';

/**
 * Copies the database to `ao.db.<label>-<UTC timestamp>` beside it (label
 * `pre-migrate`, or `pre-undo` before an undo) and
 * returns the copy's path. `VACUUM INTO` rather than better-sqlite3's
 * `backup()`: that one is asynchronous, and the write must stay one
 * synchronous flow on one connection; `VACUUM INTO` is SQLite's other online
 * copy, reads one consistent snapshot (WAL included) and never changes the
 * source.
 */
export function backupDatabase(db: SqliteDatabase, dbPath: string, now: Date, label = 'pre-migrate'): string {
  const stamp = now.toISOString().replace(/:/g, '-');
  let backupPath = `${dbPath}.${label}-${stamp}`;
  for (let n = 2; fs.existsSync(backupPath); n += 1) backupPath = `${dbPath}.${label}-${stamp}-${n}`;
  // Written under a temp name, then renamed: a run killed mid-copy must not
  // leave an incomplete (after its journal rolls back, empty) file under the backup's name.
  const temporary = `${backupPath}.ao-migrate-tmp-${process.pid}`;
  try {
    db.prepare('VACUUM INTO ?').run(temporary);
    fs.renameSync(temporary, backupPath);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    fs.rmSync(`${temporary}-journal`, { force: true });
    throw error;
  }
  return backupPath;
}
