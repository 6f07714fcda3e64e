import { systemClock } from '../effects/clock.js';
import { MigrationRefusedError } from '../errors.js';
import type { MigrationPlan } from '../plan/types.js';
import { backupDatabase } from './backup-database.js';
import { prepareInserts } from './insert-rows.js';
import { openTargetDatabase, sqliteCode } from './open-target-database.js';
import { reconcilePlan, type Reconciliation } from './reconcile-plan.js';
import { valuesWritten } from './schema/values-written.js';
import type { SqliteDatabase } from './sqlite-driver.js';
import type { ProjectOutcome, SessionOutcome, TargetInspection, WriteResult } from './target-outcomes.js';
import type { TargetOptions } from './target-options.js';
import { readTargetState } from './target-state.js';
import { errorMessage } from '../error-message.js';

export interface ApplyOptions extends TargetOptions {
  /** Copy the database beside itself before writing. Default: true. */
  backup?: boolean;
  /** Runs inside the transaction just before COMMIT; if it throws, nothing is written and the error propagates. */
  beforeCommit?: () => void;
}

/**
 * Writes the inspected plan: the preconditions again (time has passed since
 * the inspection), a backup, then ONE transaction that reconciles the plan
 * again against what the database now holds and inserts projects before
 * sessions. A row that fails rolls everything back; the outcomes say which
 * row failed and that the others were rolled back.
 */
export async function applyToTarget(inspection: TargetInspection, options: ApplyOptions = {}): Promise<WriteResult> {
  const target = await openTargetDatabase(inspection.sourcePlan.legacyRoot, options, 'write', valuesWritten(inspection.sourcePlan));
  try {
    const { db } = target;
    const backupPath =
      options.backup === false ? null : backupDatabase(db, target.paths.dbPath, (options.now ?? systemClock)());
    // Has no effect inside a transaction, so before it.
    db.pragma('foreign_keys = ON');
    const written = writeInOneTransaction(db, inspection.sourcePlan, target.paths.dbPath, options.beforeCommit);
    return {
      dbPath: target.paths.dbPath,
      schemaVersion: target.schema.version,
      release: target.schema.release,
      backupPath,
      projects: written.projects,
      sessions: written.sessions,
      notes: [...target.notes, ...written.notes],
    };
  } finally {
    target.close();
  }
}

/** Thrown inside the transaction to roll it back; carries what the outcomes need. */
class RowFailure extends Error {
  constructor(
    readonly item: { kind: 'project' | 'session'; id: string },
    readonly error: unknown,
    readonly reconciliation: Reconciliation,
  ) {
    super(`${item.kind} ${item.id} failed`);
  }
}

function writeInOneTransaction(
  db: SqliteDatabase,
  plan: MigrationPlan,
  dbPath: string,
  beforeCommit: (() => void) | undefined,
): Pick<Reconciliation, 'projects' | 'sessions' | 'notes'> {
  const insert = prepareInserts(db);
  let reconciled: Reconciliation | undefined;
  const transaction = db.transaction(() => {
    const reconciliation = reconcilePlan(plan, readTargetState(db));
    reconciled = reconciliation;
    for (const row of reconciliation.inserts.projects) {
      attempt({ kind: 'project', id: row.id }, reconciliation, () => insert.project(row));
    }
    for (const row of reconciliation.inserts.sessions) {
      attempt({ kind: 'session', id: row.id }, reconciliation, () => insert.session(row));
    }
    beforeCommit?.();
    return reconciliation;
  });
  try {
    // IMMEDIATE: take the write lock before reading, so what we reconcile against cannot change under us.
    return transaction.immediate();
  } catch (error) {
    if (error instanceof RowFailure) return rolledBack(error);
    if (reconciled !== undefined && isWriteFailure(error)) return notWritten(reconciled, error);
    if (sqliteCode(error) === 'SQLITE_BUSY') {
      throw new MigrationRefusedError(
        'DB_IN_USE',
        `Another process opened the rewrite's database ${dbPath} while the migration was starting: stop it (\`ao stop\` for the daemon), then run again.`,
      );
    }
    throw error;
  }
}

function attempt(item: RowFailure['item'], reconciliation: Reconciliation, write: () => void): void {
  try {
    write();
  } catch (error) {
    throw new RowFailure(item, error, reconciliation);
  }
}

/** Every row that would have been created is reported failed: the one that broke, and the rest as rolled back. */
function rolledBack(failure: RowFailure): Pick<Reconciliation, 'projects' | 'sessions' | 'notes'> {
  const { item, reconciliation } = failure;
  const message = errorMessage(failure.error);
  const because = `rolled back: ${item.kind} ${item.id} failed: ${message}`;
  return failCreated(reconciliation, (kind, id) => (kind === item.kind && id === item.id ? message : because));
}

/** SQLite could not write (disk full, I/O error), e.g. at COMMIT: it rolled everything back, nothing is half-written. */
function isWriteFailure(error: unknown): boolean {
  return /^SQLITE_(FULL|IOERR|READONLY)/.test(sqliteCode(error) ?? '');
}

function notWritten(reconciliation: Reconciliation, error: unknown): Pick<Reconciliation, 'projects' | 'sessions' | 'notes'> {
  const because = `rolled back: the database could not be written (${errorMessage(error)}); a re-run completes the migration`;
  return failCreated(reconciliation, () => because);
}

function failCreated(
  reconciliation: Reconciliation,
  reasonFor: (kind: 'project' | 'session', id: string) => string,
): Pick<Reconciliation, 'projects' | 'sessions' | 'notes'> {
  const fail = <Outcome extends ProjectOutcome | SessionOutcome>(kind: 'project' | 'session', outcome: Outcome): Outcome =>
    outcome.status === 'created' ? { ...outcome, status: 'failed', reason: reasonFor(kind, outcome.id) } : outcome;
  return {
    projects: reconciliation.projects.map((outcome) => fail('project', outcome)),
    sessions: reconciliation.sessions.map((outcome) => fail('session', outcome)),
    notes: reconciliation.notes,
  };
}
