import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { MigrationRefusedError } from '../errors.js';
import { errorMessage } from '../error-message.js';

export type SqliteDriver = typeof BetterSqlite3;
export type SqliteDatabase = BetterSqlite3.Database;

/**
 * Loads better-sqlite3 on first use, not at import: it is a native addon
 * that may fail to build or load, and reading the store, planning and the
 * dry-run printout must still work without it.
 */
export function loadSqliteDriver(load: (id: string) => unknown = createRequire(import.meta.url)): SqliteDriver {
  try {
    return load('better-sqlite3') as SqliteDriver;
  } catch (error) {
    throw new MigrationRefusedError(
      'SQLITE_UNAVAILABLE',
      `The SQLite driver (better-sqlite3) could not be loaded (${firstLine(errorMessage(error))}): ` +
        'reinstall ao-migrate with a C/C++ toolchain available (or on a platform with a prebuilt binary), then run again.',
    );
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
