import Database from 'better-sqlite3';
import { checksByColumn, type ColumnCheck } from '../../src/core/database/schema/check-lists.js';

/** What a table is, as far as anything that reads or writes it can tell (formatting of its DDL aside). */
export interface TableShape {
  columns: { name: string; type: string; notnull: number; dflt_value: string | null; pk: number }[];
  foreignKeys: { table: string; from: string; to: string | null; on_delete: string }[];
  /** Unique and plain indexes: their columns, uniqueness, partialness and origin (`u` a UNIQUE, `pk`, `c` CREATE INDEX, by name). */
  indexes: string[];
  checks: Record<string, ColumnCheck[]>;
  triggers: string[];
}

/** The shape of every table (or of `only`), by name; `goose` is the applied versions. */
export function readSchemaShape(dbPath: string, only?: readonly string[]): { tables: Record<string, TableShape>; goose: number[] } {
  // Read-write, though it only reads: a read-only connection would leave -wal/-shm beside a database at rest.
  const db = new Database(dbPath, { fileMustExist: true });
  try {
    const all = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as {
      name: string;
      sql: string;
    }[];
    const tables: Record<string, TableShape> = {};
    for (const { name, sql } of all.filter((t) => only === undefined || only.includes(t.name))) {
      const columns = db.prepare(`PRAGMA table_xinfo(${name})`).all() as TableShape['columns'];
      const indexes = (db.prepare(`PRAGMA index_list(${name})`).all() as { name: string; unique: number; origin: string; partial: number }[]).map(
        (index) => {
          const on = (db.prepare('SELECT name FROM pragma_index_info(?)').all(index.name) as { name: string }[]).map((c) => c.name);
          const label = index.origin === 'c' ? index.name : index.origin;
          return `${label}: ${index.unique ? 'UNIQUE ' : ''}(${on.join(', ')})${index.partial ? ' WHERE …' : ''}`;
        },
      );
      tables[name] = {
        columns: columns.map(({ name: column, type, notnull, dflt_value, pk }) => ({ name: column, type, notnull, dflt_value, pk })),
        foreignKeys: (db.prepare(`PRAGMA foreign_key_list(${name})`).all() as TableShape['foreignKeys']).map(({ table, from, to, on_delete }) => ({
          table,
          from,
          to,
          on_delete,
        })),
        indexes: indexes.sort(),
        checks: Object.fromEntries(
          [...checksByColumn(sql, columns.map((c) => c.name)).entries()].sort(([a], [b]) => a.localeCompare(b)).map(([column, checks]) => [
            column,
            // The text of an unreadable CHECK differs with formatting; that it exists is what counts.
            checks.map((check) => (check.kind === 'other' ? { kind: 'other' as const, text: '…' } : check)),
          ]),
        ),
        triggers: (db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? ORDER BY name").all(name) as { name: string }[]).map(
          (t) => t.name,
        ),
      };
    }
    const goose = (db.prepare('SELECT version_id FROM goose_db_version WHERE is_applied = 1 ORDER BY version_id').all() as { version_id: number }[]).map(
      (row) => row.version_id,
    );
    return { tables, goose };
  } finally {
    db.close();
  }
}
