import { loadSqliteDriver, type SqliteDatabase } from '../database/sqlite-driver.js';

/**
 * A private in-memory copy of `db`, for the dry run to rehearse the very
 * removal the real undo runs (a project's check depends on its sessions
 * having gone first) while the file itself is only read.
 */
export function inMemoryCopy(db: SqliteDatabase): SqliteDatabase {
  const image = db.serialize();
  // Header bytes 18–19 say WAL (2) or rollback journal (1); SQLite cannot open a WAL image in memory, and the copy needs no WAL.
  image[18] = 1;
  image[19] = 1;
  const Driver = loadSqliteDriver();
  return new Driver(image);
}
