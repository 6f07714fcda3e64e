import type { Note } from '../note.js';
import type { ItemStatus } from '../outcome.js';
import type { MigrationPlan } from '../plan/types.js';

/** What happened (or, from `inspectTarget`, would happen) to one planned project. */
export interface ProjectOutcome {
  /** The planned (legacy) project id. */
  id: string;
  status: ItemStatus;
  reason?: string;
  /** Set when the rewrite already had this path under another id: the sessions went there. */
  adoptedAs?: string;
}

/** What happened (or would happen) to one planned session. */
export interface SessionOutcome {
  /** The id in the rewrite. */
  id: string;
  /** The legacy id, when the session has another one in the rewrite (another project's session has it). */
  legacyId?: string;
  /** The project the row belongs to in the rewrite (the adopted id, when adopted). */
  projectId: string;
  status: ItemStatus;
  reason?: string;
  /** The row's `num`: assigned (created) or found (already-present). */
  num?: number;
}

/** `inspectTarget`'s answer: every precondition passed, and the plan reconciled against the database. */
export interface TargetInspection {
  dbPath: string;
  schemaVersion: 12;
  /** The plan resolved against the database: adoptions applied, nums re-assigned, adopted projects' session prefixes from the database. */
  plan: MigrationPlan;
  projects: ProjectOutcome[];
  sessions: SessionOutcome[];
  notes: Note[];
  /** The plan as given; `applyToTarget` reconciles it again inside its transaction. */
  sourcePlan: MigrationPlan;
}

/** `applyToTarget`'s answer. */
export interface WriteResult {
  dbPath: string;
  schemaVersion: 12;
  /** The copy taken before writing; `null` in a dry run or with `backup: false`. */
  backupPath: string | null;
  projects: ProjectOutcome[];
  sessions: SessionOutcome[];
  notes: Note[];
}
