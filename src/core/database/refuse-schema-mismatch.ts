import { z } from 'zod';
import { MigrationRefusedError } from '../errors.js';
import type { SqliteDatabase } from './sqlite-driver.js';

export const SUPPORTED_SCHEMA_VERSION = 12;

const VersionRows = z.array(z.object({ version_id: z.number().int(), is_applied: z.number().int() }));

/**
 * The guard of rewrite-v12 §3: MAX(version_id) is 12 and every version
 * 0…12 has an applied row. The message says what was found, because the fix
 * differs: an older rewrite must be upgraded and booted once; a newer one
 * needs a newer ao-migrate.
 */
export function refuseSchemaMismatch(db: SqliteDatabase, dbPath: string): void {
  const hasTable = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'goose_db_version'")
    .get();
  if (hasTable === undefined) {
    throw mismatch(dbPath, 'no goose_db_version table (it was not made by the rewrite)', 'older');
  }
  const rows = VersionRows.parse(db.prepare('SELECT version_id, is_applied FROM goose_db_version').all());
  if (rows.length === 0) throw mismatch(dbPath, 'an empty goose_db_version table', 'older');

  const found = Math.max(...rows.map((row) => row.version_id));
  const applied = new Set(rows.filter((row) => row.is_applied === 1).map((row) => row.version_id));
  const missing: number[] = [];
  for (let v = 0; v <= SUPPORTED_SCHEMA_VERSION; v += 1) if (!applied.has(v)) missing.push(v);

  if (found > SUPPORTED_SCHEMA_VERSION) throw mismatch(dbPath, `version ${found}`, 'newer');
  if (found < SUPPORTED_SCHEMA_VERSION) throw mismatch(dbPath, `version ${found}`, 'older');
  if (missing.length > 0) {
    const versions = `version${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`;
    throw mismatch(dbPath, `version 12 with ${versions} not applied`, 'older');
  }
}

function mismatch(dbPath: string, found: string, direction: 'older' | 'newer'): MigrationRefusedError {
  const advice =
    direction === 'newer'
      ? 'use an ao-migrate release made for that schema version, then run again.'
      : 'install the rewrite release that uses schema version 12, start it once with `ao start` ' +
        '(it migrates its database on boot), stop it with `ao stop`, then run again.';
  return new MigrationRefusedError(
    'SCHEMA_MISMATCH',
    `The rewrite's database ${dbPath} is not at schema version 12 (found ${found}); this migration writes version 12 only: ${advice}`,
  );
}
