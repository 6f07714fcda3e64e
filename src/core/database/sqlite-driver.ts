import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { MigrationRefusedError } from '../errors.js';
import { errorMessage } from '../error-message.js';

export type SqliteDriver = typeof BetterSqlite3;
export type SqliteDatabase = BetterSqlite3.Database;

/**
 * Loads better-sqlite3 on first use, not at import: it is a native addon
 * that may fail to build or load (or be built for another ABI, as inside
 * Electron), and reading the store, planning and the dry-run printout must
 * still work without it.
 */
export function loadSqliteDriver(load: (id: string) => unknown = createRequire(import.meta.url)): SqliteDriver {
  try {
    const driver = load('better-sqlite3') as SqliteDriver;
    // require() loads only its JavaScript; the addon itself (where a wrong ABI
    // shows) loads with the first database.
    new driver(':memory:').close();
    return driver;
  } catch (error) {
    throw new MigrationRefusedError(
      'SQLITE_UNAVAILABLE',
      `The SQLite driver (better-sqlite3) could not be loaded (${withoutRequireStack(errorMessage(error))}): ` +
        'its native addon loads only in the Node.js that installed ao-migrate, so run the ao-migrate CLI with that ' +
        'Node.js (`npx ao-migrate`, or `node <app>/node_modules/ao-migrate/dist/cli.js`; not inside Electron), ' +
        'or reinstall ao-migrate with a C/C++ toolchain available, then run again.',
    );
  }
}

/** Node's loader errors span lines: keep the reason (an ABI mismatch names both versions), drop the stack. */
function withoutRequireStack(message: string): string {
  return (message.split('\nRequire stack:')[0] ?? message).replace(/\s*\n\s*/g, ' ').trim();
}
