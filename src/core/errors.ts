/**
 * Why a run was refused before anything was written. Stable: scripts and
 * the rewrite's installer match on these. `LEGACY_RUNNING`: legacy agents
 * (or the legacy tool) still run. `NO_LEDGER` (no run left to undo)
 * and `LEDGER_UNREADABLE` (the ledger is left as it is) come from `undo`.
 */
export type RefusalCode =
  | 'SQLITE_UNAVAILABLE'
  | 'DB_MISSING'
  | 'DAEMON_RUNNING'
  | 'DB_IN_USE'
  | 'DB_READ_ONLY'
  | 'SCHEMA_MISMATCH'
  | 'DATA_DIR_SUSPICIOUS'
  | 'CLAUDE_DIR_SUSPICIOUS'
  | 'BACKUP_FAILED'
  | 'LEGACY_RUNNING'
  | 'LEDGER_UNWRITABLE'
  | 'ABORTED'
  | 'NO_LEDGER'
  | 'LEDGER_UNREADABLE';

/**
 * A refusal: the run stopped before writing, and `message` says what to do.
 * `leftBehind` names what a refusal that came late (an abort after copying)
 * could not take back; empty when nothing was written.
 */
export class MigrationRefusedError extends Error {
  override readonly name = 'MigrationRefusedError';
  constructor(
    readonly code: RefusalCode,
    message: string,
    readonly leftBehind: readonly string[] = [],
  ) {
    super(message);
  }
}
