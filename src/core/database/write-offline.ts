import type { MigrationPlan } from '../plan/types.js';
import { applyToTarget, type ApplyOptions } from './apply-to-target.js';
import { inspectTarget } from './inspect-target.js';
import type { WriteResult } from './target-outcomes.js';

export interface WriteOfflineOptions extends Omit<ApplyOptions, 'beforeCommit'> {
  /** Check and reconcile only: nothing is written anywhere, `backupPath` is null. */
  dryRun?: boolean;
}

/** Inspects the target, then (unless `dryRun`) applies the plan to it. */
export async function writeOffline(plan: MigrationPlan, options: WriteOfflineOptions = {}): Promise<WriteResult> {
  const inspection = await inspectTarget(plan, options);
  if (options.dryRun) {
    const { dbPath, schemaVersion, release, projects, sessions, notes } = inspection;
    return { dbPath, schemaVersion, release, backupPath: null, projects, sessions, notes };
  }
  return applyToTarget(inspection, options);
}
