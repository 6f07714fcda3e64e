import type { LegacySnapshot } from '../legacy/types.js';
import { planProjects } from './plan-projects.js';
import { planSessions } from './plan-sessions.js';
import { LIVE_MODE_WARNING } from './resume-readiness.js';
import type { ImportMode, MigrationPlan } from './types.js';

export interface PlanOptions {
  /** Default `restorable` (migration-rules §2). */
  mode?: ImportMode;
  /** Last `registered_at` and timestamp fallback. */
  now: Date;
  /** Expands `~` in registry paths. */
  homeDir: string;
  /**
   * The rewrite's data dir with symlinks resolved as the daemon resolves them
   * (`resolveExistingAncestor`): each row's managed worktree is under it.
   */
  dataDir: string;
}

/**
 * What the migration will do with every project and session of the snapshot,
 * before the target is looked at. Pure: the dry run prints it, the real run
 * applies it unchanged.
 */
export function planMigration(snapshot: LegacySnapshot, options: PlanOptions): MigrationPlan {
  const mode = options.mode ?? 'restorable';
  const { projects, targets } = planProjects(snapshot, options);
  const sessions = planSessions(snapshot.sessions, { targets, mode, now: options.now, homeDir: options.homeDir, dataDir: options.dataDir });
  return {
    planVersion: 1,
    mode,
    legacyRoot: snapshot.root,
    registryPaths: snapshot.registries.map((registry) => registry.path),
    dataDir: options.dataDir,
    projects,
    sessions,
    problems: [...snapshot.problems],
    notes: mode === 'live' ? [...snapshot.notes, { scope: 'store', id: snapshot.root, message: LIVE_MODE_WARNING }] : [...snapshot.notes],
  };
}
