import * as fs from 'node:fs';
import { MigrationRefusedError } from '../errors.js';
import type { SqliteDatabase } from './sqlite-driver.js';

/**
 * Copies the database to `ao.db.<label>-<UTC timestamp>` beside it (label
 * `pre-migrate`, or `pre-undo` before an undo) and
 * returns the copy's path. `VACUUM INTO` rather than better-sqlite3's
 * `backup()`: that one is asynchronous, and the write must stay one
 * synchronous flow on one connection; `VACUUM INTO` is SQLite's other online
 * copy, reads one consistent snapshot (WAL included) and never changes the
 * source. A backup that cannot be written refuses the run (`BACKUP_FAILED`):
 * nothing has been written yet, and going on without the promised copy is
 * not ours to decide.
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
    throw new MigrationRefusedError(
      'BACKUP_FAILED',
      `Could not back up the database to ${backupPath} (${(error as Error).message}); nothing was written. ` +
        'Free some disk space and run again, or pass --no-backup if you keep your own copy of ao.db.',
    );
  }
  return backupPath;
}
