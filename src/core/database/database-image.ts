import type { SqliteDatabase, SqliteDriver } from './sqlite-driver.js';

/**
 * A private in-memory database from the bytes of a database file. Header
 * bytes 18–19 say WAL (2) or rollback journal (1): SQLite cannot open a WAL
 * image in memory, and a copy needs no WAL.
 */
export function openDatabaseImage(driver: SqliteDriver, image: Buffer): SqliteDatabase {
  image[18] = 1;
  image[19] = 1;
  return new driver(image);
}
