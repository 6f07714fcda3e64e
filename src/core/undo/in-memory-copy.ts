import { openDatabaseImage } from '../database/database-image.js';
import { loadSqliteDriver, type SqliteDatabase } from '../database/sqlite-driver.js';

/**
 * A private in-memory copy of `db`, for the dry run to rehearse the very
 * removal the real undo runs (a project's check depends on its sessions
 * having gone first) while the file itself is only read.
 */
export function inMemoryCopy(db: SqliteDatabase): SqliteDatabase {
  return openDatabaseImage(loadSqliteDriver(), db.serialize());
}
