import { migratedTablesDdl, sessionsUpdateTriggerDdl, V12_HARNESSES, V12_PROJECT_KINDS } from './migrated-tables.js';
import { V12_OTHER_TABLES_DDL } from './other-tables.js';
import { UPGRADE_TO_V23_DDL, UPGRADE_TO_V82_DDL } from './upgrades.js';

/**
 * The rewrite databases users have (rewrite-today §1): `v12` as the June
 * 2026 builds left it, `v23` as npm `@aoagents/ao` 0.10.x makes it, `v82` as
 * the desktop nightly makes it.
 */
export const REWRITE_SHAPES = ['v12', 'v23', 'v82'] as const;
export type RewriteShape = (typeof REWRITE_SHAPES)[number];

/** The nightly's harness list: v12's and three more (rewrite-today §2). */
export const V82_HARNESSES = [...V12_HARNESSES, 'muse', 'prime-agent', 'fake'] as const;

/** goose's bookkeeping table. */
const GOOSE_VERSION_TABLE_DDL = `
CREATE TABLE goose_db_version (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  version_id INTEGER NOT NULL,
  is_applied INTEGER NOT NULL,
  tstamp TIMESTAMP DEFAULT (datetime('now'))
);
`;

const V12_BASE_DDL = (harnesses: readonly string[], projectKinds: readonly string[]) =>
  GOOSE_VERSION_TABLE_DDL +
  migratedTablesDdl({ harnesses, projectKinds }) +
  sessionsUpdateTriggerDdl([], []) +
  V12_OTHER_TABLES_DDL;

const upTo = (last: number, except: readonly number[] = []) =>
  Array.from({ length: last + 1 }, (_, v) => v).filter((v) => !except.includes(v));

const SHAPES: Record<RewriteShape, { ddl: string; gooseVersions: number[] }> = {
  v12: { ddl: V12_BASE_DDL(V12_HARNESSES, V12_PROJECT_KINDS), gooseVersions: upTo(12) },
  // Version 22 was never released: npm 0.10.3 goes from 21 to 23.
  v23: { ddl: V12_BASE_DDL(V12_HARNESSES, V12_PROJECT_KINDS) + UPGRADE_TO_V23_DDL, gooseVersions: upTo(23, [22]) },
  v82: {
    ddl: V12_BASE_DDL(V82_HARNESSES, [...V12_PROJECT_KINDS, 'scratch']) + UPGRADE_TO_V23_DDL + UPGRADE_TO_V82_DDL,
    gooseVersions: upTo(82, [22, 45, 46, 50, 51, ...upTo(65).slice(54)]),
  },
};

/** The DDL of a shape (every table, index and trigger, plus `goose_db_version` without rows). */
export function rewriteShapeDdl(shape: RewriteShape): string {
  return SHAPES[shape].ddl;
}

/** The goose versions applied in a database of that shape, ascending. */
export function rewriteShapeGooseVersions(shape: RewriteShape): number[] {
  return [...SHAPES[shape].gooseVersions];
}
