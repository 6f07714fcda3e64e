import * as os from 'node:os';
import { legacyDefaultPaths } from '../core/legacy/default-paths.js';
import type { UndoReport } from '../core/undo/types.js';
import { undoLastRun } from '../core/undo/undo-last-run.js';
import type { MigrateOptions } from './migrate-options.js';

/** Options of `undo()`: where things are, as for `migrate()`, and how far to go. */
export interface UndoOptions extends Pick<MigrateOptions, 'legacyRoot' | 'dataDir' | 'claudeDir' | 'runFile' | 'fs' | 'now'> {
  /** Also remove rows and files the rewrite has changed since the run (a restored session, an appended transcript). Default false. */
  force?: boolean;
  /** Copy the database to `ao.db.pre-undo-<time>` before removing anything. Default true. */
  backup?: boolean;
  /** Only report what would be removed and kept; write nothing anywhere. Default false. */
  dryRun?: boolean;
}

/**
 * Removes exactly what the last migration run that changed something
 * inserted and copied, as its ledger (`<data dir>/legacy-migration.json`)
 * records it. Same preconditions as `migrate()` (refusals reject with
 * `MigrationRefusedError`, plus `NO_LEDGER` and `LEDGER_UNREADABLE`); what
 * was kept and why is in the report. With `dryRun`, the same checks and
 * report, and nothing written, backed up or removed.
 */
export async function undo(options: UndoOptions = {}): Promise<UndoReport> {
  const env = process.env;
  const homeDir = os.homedir();
  const legacyRoot = options.legacyRoot ?? legacyDefaultPaths(env, homeDir).legacyRoot;
  return undoLastRun(legacyRoot, { ...options, legacyRoot, env, homeDir });
}
