import type { MigrationPlan } from '../plan/types.js';
import { openTargetDatabase } from './open-target-database.js';
import { reconcilePlan } from './reconcile-plan.js';
import { valuesWritten } from './schema/values-written.js';
import type { TargetInspection } from './target-outcomes.js';
import type { TargetOptions } from './target-options.js';
import { readTargetState } from './target-state.js';
import { withoutUndefined } from '../without-undefined.js';

/**
 * Runs every precondition and reconciles the plan against the database,
 * writing nothing anywhere (no backup, no `-wal`/`-shm` left behind). The
 * outcomes say what `applyToTarget` would do; refusals throw
 * `MigrationRefusedError`.
 */
export async function inspectTarget(plan: MigrationPlan, options: TargetOptions = {}): Promise<TargetInspection> {
  const target = await openTargetDatabase(plan.legacyRoot, options, 'inspect', valuesWritten(plan));
  try {
    const reconciliation = reconcilePlan(plan, readTargetState(target.db));
    return withoutUndefined({
      dbPath: target.paths.dbPath,
      schemaVersion: target.schema.version,
      release: target.schema.release,
      plan: reconciliation.plan,
      projects: reconciliation.projects,
      sessions: reconciliation.sessions,
      notes: [...target.notes, ...reconciliation.notes],
      inserts: reconciliation.inserts,
      inUseUnchecked: target.inUseUnchecked,
      sourcePlan: plan,
    });
  } finally {
    target.close();
  }
}
