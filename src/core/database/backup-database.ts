import * as fs from 'node:fs';
import { MigrationRefusedError } from '../errors.js';
import type { SqliteDatabase } from './sqlite-driver.js';

/**
 * Copies the database to `ao.db.<label>-<UTC timestamp>` beside it (label
 * `pre-migrate`, or `pre-undo` before an undo) and returns the copy's path.
 * A backup that cannot be written refuses the run (`BACKUP_FAILED`):
 * nothing has been written yet, and going on without the promised copy is
 * not ours to decide.
 */
export function backupDatabase(db: SqliteDatabase, dbPath: string, now: Date, label = 'pre-migrate'): string {
  try {
    return backupSqliteFile(db, dbPath, now, label);
  } catch (error) {
    throw new MigrationRefusedError(
      'BACKUP_FAILED',
      `${(error as Error).message}; nothing was written. ` +
        'Free some disk space and run again, or pass --no-backup if you keep your own copy of ao.db.',
    );
  }
}

/**
 * Copies the SQLite file `file` (open as `db`) to `<file>.<label>-<UTC
 * timestamp>` beside it and returns the copy's path; throws "Could not back
 * up …" when it cannot. `VACUUM INTO` rather than better-sqlite3's
 * `backup()`: that one is asynchronous, and the write must stay one
 * synchronous flow on one connection; `VACUUM INTO` is SQLite's other online
 * copy, reads one consistent snapshot (WAL included) and never changes the
 * source. It cannot run inside a transaction.
 */
export function backupSqliteFile(db: SqliteDatabase, file: string, now: Date, label: string): string {
  const stamp = now.toISOString().replace(/:/g, '-');
  let backupPath = `${file}.${label}-${stamp}`;
  for (let n = 2; fs.existsSync(backupPath); n += 1) backupPath = `${file}.${label}-${stamp}-${n}`;
  // Written under a temp name, then renamed: a run killed mid-copy must not
  // leave an incomplete (after its journal rolls back, empty) file under the backup's name.
  const temporary = `${backupPath}.ao-migrate-tmp-${process.pid}`;
  try {
    db.prepare('VACUUM INTO ?').run(temporary);
    fs.renameSync(temporary, backupPath);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    fs.rmSync(`${temporary}-journal`, { force: true });
    throw new Error(`Could not back up ${file} to ${backupPath} (${(error as Error).message})`);
  }
  return backupPath;
}
