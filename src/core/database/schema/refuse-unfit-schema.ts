import { z } from 'zod';
import { MigrationRefusedError } from '../../errors.js';
import type { SqliteDatabase } from '../sqlite-driver.js';
import { START_REWRITE_ONCE } from '../start-rewrite-once.js';
import { checksByColumn } from './check-lists.js';
import { rewriteReleaseOf, type RewriteRelease } from './rewrite-release.js';
import { V12_COLUMNS, type V12Column } from './v12-columns.js';
import type { ColumnValues } from './values-written.js';

/** What the shape check found: the highest applied goose version and the release that makes such a database. */
export interface TargetSchema {
  version: number;
  release: RewriteRelease;
}

/** The schema whose columns ao-migrate writes: goose must have applied every version up to it. */
const WRITTEN_SCHEMA = 12;

/**
 * The rewrite's version number proves nothing (holes, stray versions,
 * repairs at boot: rewrite-today §1), so this checks the shape of what the
 * migration writes instead:
 * - goose has applied every version 0…12 (anything else may be there);
 * - `projects` and `sessions` hold every v12 column with v12's type, NOT NULL,
 *   default (and primary key `id`); every other column takes NULL or has a default;
 * - the CHECK lists of the columns in `written` allow those values;
 * - trigger `sessions_cdc_insert` exists, and a UNIQUE on sessions (project_id, num).
 * Refuses `SCHEMA_MISMATCH` naming every difference; `status` and `undo`
 * write no CHECKed values, so they pass `written` empty.
 */
export function refuseUnfitSchema(db: SqliteDatabase, dbPath: string, written: readonly ColumnValues[]): TargetSchema {
  const applied = appliedVersions(db);
  if (applied === undefined) {
    const advice = `Move it aside and let the rewrite create its database (${START_REWRITE_ONCE}), then run again.`;
    throw unfit(dbPath, ['it has no goose_db_version table, so the rewrite did not make it'], advice);
  }
  const missing = range(0, WRITTEN_SCHEMA).filter((v) => !applied.includes(v));
  if (missing.length > 0) {
    const versions = `version${missing.length > 1 ? 's' : ''} ${formatVersions(missing)}`;
    const found = applied.length === 0 ? 'none' : formatVersions(applied);
    const difference = `goose_db_version lacks applied ${versions} (found ${found}): a rewrite older than June 2026 made it, or its upgrade did not finish`;
    throw unfit(dbPath, [difference], `Start a current rewrite once so it upgrades the database (${START_REWRITE_ONCE}), then run again.`);
  }

  const differences = [
    ...columnDifferences(db, 'projects'),
    ...columnDifferences(db, 'sessions'),
    ...checkDifferences(db, written),
    ...(hasTrigger(db, 'sessions_cdc_insert', 'sessions')
      ? []
      : ['there is no trigger sessions_cdc_insert on sessions (it logs each new session)']),
    ...(hasUnique(db, 'sessions', ['project_id', 'num'])
      ? []
      : ['sessions has no UNIQUE (project_id, num), neither a constraint nor a unique index']),
  ];
  if (differences.length > 0) {
    throw unfit(
      dbPath,
      differences,
      'ao-migrate inserts rows with the columns of schema 12, which every release of the rewrite since keeps. ' +
        `Start the rewrite once so it upgrades its database (${START_REWRITE_ONCE}), then run again; if the difference stays, ` +
        'the database was changed by other means or by a release ao-migrate does not know: report the difference.',
    );
  }
  const version = Math.max(...applied);
  return { version, release: rewriteReleaseOf(version) };
}

function unfit(dbPath: string, differences: string[], advice: string): MigrationRefusedError {
  return new MigrationRefusedError(
    'SCHEMA_MISMATCH',
    `The rewrite's database ${dbPath} does not have the shape ao-migrate writes into: ${differences.join('; ')}. ${advice}`,
  );
}

const VersionRows = z.array(z.object({ version_id: z.number().int() }));

/** The applied goose versions, ascending; `undefined` without a goose table. */
function appliedVersions(db: SqliteDatabase): number[] | undefined {
  if (tableSql(db, 'goose_db_version') === undefined) return undefined;
  const rows = VersionRows.parse(db.prepare('SELECT DISTINCT version_id FROM goose_db_version WHERE is_applied = 1').all());
  return rows.map((row) => row.version_id).sort((a, b) => a - b);
}

const ColumnRows = z.array(
  z.object({
    name: z.string(),
    type: z.string(),
    notnull: z.number(),
    dflt_value: z.string().nullable(),
    pk: z.number(),
    hidden: z.number(),
  }),
);

function columnDifferences(db: SqliteDatabase, table: keyof typeof V12_COLUMNS): string[] {
  if (tableSql(db, table) === undefined) return [`there is no ${table} table`];
  const found = ColumnRows.parse(db.prepare(`PRAGMA table_xinfo(${table})`).all());
  const byName = new Map(found.map((column) => [column.name.toLowerCase(), column]));
  const expected: readonly V12Column[] = V12_COLUMNS[table];
  const differences = expected.flatMap((column) => {
    const actual = byName.get(column.name);
    return actual === undefined ? [`${table} has no column ${column.name}`] : v12ColumnDifferences(`${table}.${column.name}`, actual, column);
  });
  const v12 = new Set(expected.map((column) => column.name));
  for (const column of found) {
    if (v12.has(column.name.toLowerCase()) || column.hidden !== 0 || column.pk !== 0) continue;
    if (column.notnull === 1 && normalDefault(column.dflt_value) === null) {
      differences.push(`${table}.${column.name} is NOT NULL without a default, so a row naming only v12's columns cannot be inserted`);
    }
  }
  return differences;
}

function v12ColumnDifferences(name: string, actual: z.infer<typeof ColumnRows>[number], column: V12Column): string[] {
  const nullability = (notNull: boolean) => (notNull ? 'NOT NULL' : 'nullable');
  const differences: string[] = [];
  if (actual.type.trim().toUpperCase() !== column.type) differences.push(`${name} is ${actual.type || 'untyped'}, not ${column.type}`);
  if ((actual.notnull === 1) !== column.notNull) {
    differences.push(`${name} is ${nullability(actual.notnull === 1)}, not ${nullability(column.notNull)}`);
  }
  if (normalDefault(actual.dflt_value) !== normalDefault(column.defaultValue)) {
    differences.push(`${name} defaults to ${actual.dflt_value ?? 'nothing'}, not ${column.defaultValue ?? 'nothing'}`);
  }
  if (column.primaryKey && actual.pk !== 1) differences.push(`${name} is not the primary key`);
  return differences;
}

/** Declared defaults compare without case or surrounding space; `DEFAULT NULL` is no default. */
function normalDefault(value: string | null): string | null {
  const text = value?.trim();
  if (text === undefined || text.toUpperCase() === 'NULL') return null;
  return /^'.*'$/s.test(text) ? text : text.toUpperCase();
}

function checkDifferences(db: SqliteDatabase, written: readonly ColumnValues[]): string[] {
  const differences: string[] = [];
  for (const { table, column, values } of written) {
    const sql = tableSql(db, table);
    if (sql === undefined) {
      if (table === 'change_log') differences.push('there is no change_log table');
      continue; // projects and sessions: said above
    }
    const columns = ColumnRows.parse(db.prepare(`PRAGMA table_xinfo(${table})`).all()).map((c) => c.name);
    for (const check of checksByColumn(sql, columns).get(column) ?? []) {
      const name = `${table}.${column}`;
      if (check.kind === 'other') {
        differences.push(`${name} has a CHECK ao-migrate cannot read, ${check.text}, and this run writes ${quoteAll(values)} there`);
        continue;
      }
      const refused = values.filter((value) => !check.values.includes(value));
      if (refused.length > 0) {
        const allowed = quoteAll(check.values);
        differences.push(`the CHECK on ${name} does not allow ${quoteAll(refused)}, which this run writes (it allows ${allowed})`);
      }
    }
  }
  return differences;
}

function tableSql(db: SqliteDatabase, table: string): string | undefined {
  const row = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ? COLLATE NOCASE").get(table) as
    | { sql: unknown }
    | undefined;
  return row === undefined ? undefined : String(row.sql);
}

function hasTrigger(db: SqliteDatabase, name: string, table: string): boolean {
  const sql = "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ? COLLATE NOCASE AND tbl_name = ? COLLATE NOCASE";
  return db.prepare(sql).get(name, table) !== undefined;
}

const IndexRows = z.array(z.object({ name: z.string(), unique: z.number(), partial: z.number() }));
const IndexColumns = z.array(z.object({ name: z.string().nullable() }));

/** A full (not partial) unique index over exactly these columns, in any order: a UNIQUE constraint is one too. */
function hasUnique(db: SqliteDatabase, table: string, columns: readonly string[]): boolean {
  const wanted = [...columns].sort().join(',');
  return IndexRows.parse(db.prepare(`PRAGMA index_list(${table})`).all()).some((index) => {
    if (index.unique !== 1 || index.partial !== 0) return false;
    const names = IndexColumns.parse(db.prepare('SELECT name FROM pragma_index_info(?)').all(index.name));
    return names.map((c) => (c.name ?? '').toLowerCase()).sort().join(',') === wanted;
  });
}

function quoteAll(values: readonly string[]): string {
  return values.map((value) => `'${value}'`).join(', ');
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** Ascending versions as runs: `0…21, 23, 40…51`. */
function formatVersions(versions: readonly number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < versions.length; ) {
    let j = i;
    while (j + 1 < versions.length && versions[j + 1] === versions[j]! + 1) j += 1;
    runs.push(j === i ? String(versions[i]) : `${versions[i]}…${versions[j]}`);
    i = j + 1;
  }
  return runs.join(', ');
}
