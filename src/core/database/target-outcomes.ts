import type { Note } from '../note.js';
import type { ItemStatus } from '../outcome.js';
import type { ProjectRow, SessionRow } from '../map/rows.js';
import type { MigrationPlan } from '../plan/types.js';
import type { RewriteRelease } from './schema/rewrite-release.js';

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
  /** Already present, and the rewrite holds it live (restored already, or migrated with --mode live). */
  heldLive?: boolean;
}

/** `inspectTarget`'s answer: every precondition passed, and the plan reconciled against the database. */
export interface TargetInspection {
  dbPath: string;
  /** The highest goose version applied to the database (its shape was checked, not this number). */
  schemaVersion: number;
  /** The rewrite release that makes a database at `schemaVersion`, where known. */
  release: RewriteRelease;
  /** The plan resolved against the database: adoptions applied, nums re-assigned, adopted projects' session prefixes from the database. */
  plan: MigrationPlan;
  projects: ProjectOutcome[];
  sessions: SessionOutcome[];
  notes: Note[];
  /** Exactly the rows a write now would insert (what a run records as its intent). */
  inserts: { projects: ProjectRow[]; sessions: SessionRow[] };
  /** Set (to why) when it could not be checked whether another process has the database open. */
  inUseUnchecked?: string;
  /** The plan as given; `applyToTarget` reconciles it again inside its transaction. */
  sourcePlan: MigrationPlan;
}

/** `applyToTarget`'s answer. */
export interface WriteResult {
  dbPath: string;
  /** As in {@link TargetInspection}. */
  schemaVersion: number;
  /** As in {@link TargetInspection}. */
  release: RewriteRelease;
  /** The copy taken before writing; `null` in a dry run or with `backup: false`. */
  backupPath: string | null;
  projects: ProjectOutcome[];
  sessions: SessionOutcome[];
  notes: Note[];
}
