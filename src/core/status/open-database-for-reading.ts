import { MigrationRefusedError } from '../errors.js';
import type { Note } from '../note.js';
import { openTargetDatabase, sqliteCode, withSchema, type OpenedTarget } from '../database/open-target-database.js';
import { loadSqliteDriver } from '../database/sqlite-driver.js';
import { resolveTargetPaths, type TargetOptions } from '../database/target-options.js';

/**
 * Opens the rewrite's database to read only, leaving nothing behind. At rest
 * this is the migration's own inspection (every precondition, no trace).
 * A running daemon is no reason to refuse a look: then the database is
 * read through a read-only connection beside it (its `-wal`/`-shm` are
 * already there). Only "cannot read at all" refuses.
 */
export async function openDatabaseForReading(legacyRoot: string, options: TargetOptions): Promise<OpenedTarget> {
  try {
    return await openTargetDatabase(legacyRoot, options, 'inspect');
  } catch (error) {
    if (!(error instanceof MigrationRefusedError) || (error.code !== 'DAEMON_RUNNING' && error.code !== 'DB_IN_USE')) {
      throw error;
    }
    return openBesideRunningProcess(options, error);
  }
}

function openBesideRunningProcess(options: TargetOptions, why: MigrationRefusedError): OpenedTarget {
  const paths = resolveTargetPaths(options);
  const db = new (loadSqliteDriver())(paths.dbPath, { readonly: true, fileMustExist: true, timeout: 2000 });
  const note: Note = {
    scope: 'store',
    id: paths.dbPath,
    message: `Read while another process has the database open (${why.message.split(':')[0]}); what the rewrite changes meanwhile is not shown.`,
  };
  try {
    return withSchema({ db, paths, notes: [note], close: () => db.close() }, []);
  } catch (error) {
    if (sqliteCode(error) === 'SQLITE_BUSY' || sqliteCode(error) === 'SQLITE_LOCKED') {
      throw new MigrationRefusedError(
        'DB_IN_USE',
        `The rewrite's database ${paths.dbPath} cannot be read right now (another process holds a lock on it): try again in a moment, or after \`ao stop\`.`,
      );
    }
    throw error;
  }
}
