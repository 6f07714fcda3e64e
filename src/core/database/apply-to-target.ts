import { systemClock } from '../effects/clock.js';
import type { Note } from '../note.js';
import type { MigrationPlan } from '../plan/types.js';
import { backupDatabase } from './backup-database.js';
import { prepareInserts } from './insert-rows.js';
import { openTargetDatabase, sqliteCode } from './open-target-database.js';
import type { RewriteRelease } from './schema/rewrite-release.js';
import { reconcilePlan, type Reconciliation } from './reconcile-plan.js';
import { valuesWritten } from './schema/values-written.js';
import type { SqliteDatabase } from './sqlite-driver.js';
import type { ProjectOutcome, SessionOutcome, TargetInspection, WriteResult } from './target-outcomes.js';
import type { TargetOptions } from './target-options.js';
import { readTargetState } from './target-state.js';
import { errorMessage } from '../error-message.js';

export interface ApplyOptions extends TargetOptions {
  /** Copy the database beside itself before writing (only when there is something to write). Default: true. */
  backup?: boolean;
  /** Runs inside the transaction just before COMMIT; if it throws, nothing is written and the error propagates. */
  beforeCommit?: () => void;
}

/**
 * The rewrite's database, held for one run: every precondition passed, the
 * exclusive lock taken and kept until `close` (no other process can open the
 * database meanwhile, so nothing can refuse the run once it has begun to
 * copy), the plan reconciled under that lock, and the backup taken.
 */
export interface TargetWriter {
  dbPath: string;
  schemaVersion: number;
  release: RewriteRelease;
  /** The copy taken before writing; `null` with `backup: false`, or when there is no row to insert. */
  backupPath: string | null;
  /** The plan as reconciled under the lock (renames, adoptions, nums), and exactly the rows `write` will insert. */
  plan: MigrationPlan;
  inserts: Reconciliation['inserts'];
  notes: Note[];
  /** Inserts the rows in ONE transaction; a row that fails rolls all of them back, and the outcomes say so. */
  write(beforeCommit?: () => void): Pick<Reconciliation, 'projects' | 'sessions' | 'notes'>;
  close(): void;
}

/**
 * Opens the database for writing the inspected plan: the preconditions again
 * (time has passed since the inspection), the lock held, the plan reconciled
 * against what the database now holds, then a backup when rows will be
 * inserted (a run that writes nothing leaves no backup behind).
 */
export async function openTargetWriter(inspection: TargetInspection, options: Omit<ApplyOptions, 'beforeCommit'> = {}): Promise<TargetWriter> {
  const plan = inspection.sourcePlan;
  const target = await openTargetDatabase(plan.legacyRoot, options, 'write', valuesWritten(plan));
  try {
    const { db } = target;
    const reconciliation = reconcilePlan(plan, readTargetState(db));
    const { inserts } = reconciliation;
    const writes = inserts.projects.length + inserts.sessions.length > 0;
    const backupPath =
      options.backup === false || !writes ? null : backupDatabase(db, target.paths.dbPath, (options.now ?? systemClock)());
    // Has no effect inside a transaction, so before it.
    db.pragma('foreign_keys = ON');
    return {
      dbPath: target.paths.dbPath,
      schemaVersion: target.schema.version,
      release: target.schema.release,
      backupPath,
      plan: reconciliation.plan,
      inserts,
      notes: target.notes,
      write: (beforeCommit) => writeInOneTransaction(db, plan, beforeCommit),
      close: () => target.close(),
    };
  } catch (error) {
    target.close();
    throw error;
  }
}

/** Writes the inspected plan: `openTargetWriter`, its one transaction, close. */
export async function applyToTarget(inspection: TargetInspection, options: ApplyOptions = {}): Promise<WriteResult> {
  const writer = await openTargetWriter(inspection, options);
  try {
    const written = writer.write(options.beforeCommit);
    return {
      dbPath: writer.dbPath,
      schemaVersion: writer.schemaVersion,
      release: writer.release,
      backupPath: writer.backupPath,
      projects: written.projects,
      sessions: written.sessions,
      notes: [...writer.notes, ...written.notes],
    };
  } finally {
    writer.close();
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
    // The connection holds the exclusive lock since it opened: what we reconcile against cannot change under us.
    return transaction.immediate();
  } catch (error) {
    if (error instanceof RowFailure) return rolledBack(error);
    if (reconciled !== undefined && isWriteFailure(error)) return notWritten(reconciled, error);
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
