import * as fs from 'node:fs';
import { openDatabaseImage } from '../database/database-image.js';
import { openExclusiveConnection } from '../database/exclusive-connection.js';
import { loadSqliteDriver, type SqliteDatabase } from '../database/sqlite-driver.js';
import { nodeFileSystem, readRegularFile } from '../effects/fs.js';

export interface OpenedStore {
  db: SqliteDatabase;
  close(): void;
}

/**
 * Opens an agent's SQLite store to read only, leaving no trace: a read-only
 * connection when a `-wal` is there (the agent is running, or did not shut
 * down cleanly: the agent's `-shm` serves it), else a copy in memory (any
 * connection to the file would create a `-wal` beside it, and a read-only
 * one leave it there).
 */
export function lookIntoStore(file: string): OpenedStore {
  const driver = loadSqliteDriver();
  const db = fs.existsSync(`${file}-wal`)
    ? new driver(file, { readonly: true, fileMustExist: true, timeout: 2000 })
    : openDatabaseImage(driver, readRegularFile(nodeFileSystem, file));
  return { db, close: () => db.close() };
}

/**
 * Holds the agent's store exclusively for writing (see
 * `openExclusiveConnection`), or `undefined` while another process (the
 * agent) has it open: its files are the agent's, and writing under it could
 * be lost or corrupt what it writes.
 */
export function holdStoreForWriting(file: string): OpenedStore | undefined {
  const held = openExclusiveConnection(loadSqliteDriver(), file);
  // The probe's transaction only took the lock, which outlives it; a backup cannot run inside a transaction.
  held?.db.exec('ROLLBACK');
  return held;
}

/** The columns of `table`, empty when there is no such table. */
export function tableColumns(db: SqliteDatabase, table: string): Set<string> {
  const rows = db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as { name: string }[];
  return new Set(rows.map((row) => row.name));
}

/** Which of `columns` `table` lacks; all of them when the table is missing. */
export function missingColumns(db: SqliteDatabase, table: string, columns: readonly string[]): string[] {
  const present = tableColumns(db, table);
  return columns.filter((column) => !present.has(column));
}
