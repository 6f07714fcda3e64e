import type { LegacySnapshot } from '../legacy/types.js';
import { planProjects } from './plan-projects.js';
import { planSessions } from './plan-sessions.js';
import type { ImportMode, MigrationPlan } from './types.js';

export interface PlanOptions {
  /** Default `restorable` (migration-rules §2). */
  mode?: ImportMode;
  /** Last `registered_at` and timestamp fallback. */
  now: Date;
  /** Expands `~` in registry paths. */
  homeDir: string;
}

/**
 * What the migration will do with every project and session of the snapshot,
 * before the target is looked at. Pure: the dry run prints it, the real run
 * applies it unchanged.
 */
export function planMigration(snapshot: LegacySnapshot, options: PlanOptions): MigrationPlan {
  const mode = options.mode ?? 'restorable';
  const { projects, targets } = planProjects(snapshot, options);
  const sessions = planSessions(snapshot.sessions, { targets, mode, now: options.now, homeDir: options.homeDir });
  return {
    planVersion: 1,
    mode,
    legacyRoot: snapshot.root,
    registryPaths: snapshot.registries.map((registry) => registry.path),
    projects,
    sessions,
    problems: [...snapshot.problems],
    notes: [...snapshot.notes],
  };
}
