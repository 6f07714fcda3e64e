import type { SqliteDatabase } from '../database/sqlite-driver.js';

export interface ForeignReference {
  table: string;
  column: string;
}

/** Every (table, column) with a foreign key to `table`, read from the schema itself, so no table is overlooked. */
export function foreignReferences(db: SqliteDatabase, table: string): ForeignReference[] {
  const rows = db
    .prepare(
      `SELECT m.name AS tbl, f."from" AS col FROM sqlite_master m, pragma_foreign_key_list(m.name) f
       WHERE m.type = 'table' AND f."table" = ? ORDER BY m.name, f."from"`,
    )
    .all(table) as { tbl: string; col: string }[];
  return rows.map((row) => ({ table: row.tbl, column: row.col }));
}

/** "N rows of <table>" for each referencing table that holds rows pointing at `id`; empty when none do. */
export function describeReferences(db: SqliteDatabase, references: readonly ForeignReference[], id: string): string[] {
  return references.flatMap(({ table, column }) => {
    const { n } = db.prepare(`SELECT count(*) AS n FROM ${quote(table)} WHERE ${quote(column)} = ?`).get(id) as { n: number };
    return n > 0 ? [`${n} row${n === 1 ? '' : 's'} of ${table}`] : [];
  });
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
