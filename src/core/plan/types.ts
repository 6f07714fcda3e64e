import type { StoreProblem } from '../legacy/types.js';
import type { Note } from '../note.js';
import type { ProjectRow, SessionKind, SessionRow } from '../map/rows.js';

export type ImportMode = 'restorable' | 'live';

/**
 * What the migration will do, item by item, before the target is looked at.
 * Plain data: serialisable with `JSON.stringify`, printable by the dry run,
 * applied unchanged by the real run.
 */
export interface MigrationPlan {
  planVersion: 1;
  mode: ImportMode;
  legacyRoot: string;
  /** Every registry that was read, in the order found. */
  registryPaths: string[];
  /** The rewrite's data dir, symlinks resolved as the daemon does: every row's managed worktree is under it. */
  dataDir: string;
  projects: PlannedProject[];
  sessions: PlannedSession[];
  /** What keeps the run from being complete (the snapshot's): reported, and the run exits 1. */
  problems: StoreProblem[];
  /** Store-level notes (skipped files, missing registry, …). */
  notes: Note[];
}

/** `create`: a row will be offered to the target; `skip`: not migrated, `reason` says why. */
export type PlanAction = 'create' | 'skip';

export interface PlannedProject {
  id: string;
  /** The registry (config file) it came from. */
  registryPath: string;
  action: PlanAction;
  /** Present when `action` is `create`. */
  row?: ProjectRow;
  /** Present when `action` is `skip`. */
  reason?: string;
  /** The session prefix the daemon will use for this project's orchestrator path. */
  sessionPrefix: string;
  /**
   * Set only in a plan resolved against the target (`inspectTarget`): the
   * rewrite already registers this path under that id, so this project's
   * sessions carry `projectId` = `adoptedAs`.
   */
  adoptedAs?: string;
  notes: Note[];
}

export interface PlannedSession {
  /** The id in the rewrite: the legacy id, unless another session already has it (then `legacyId` is set). */
  id: string;
  /** The legacy id, when the session gets another one in the rewrite because another project's session has it. */
  legacyId?: string;
  projectId: string;
  kind: SessionKind;
  /** The harness the row will carry (`''` when unknown). */
  harness: string;
  /** The legacy agent that ran the session, when known (also one the rewrite does not know). */
  agent?: string;
  action: PlanAction;
  row?: SessionRow;
  reason?: string;
  /**
   * The legacy worktree the session ran in: the source of its Claude
   * transcript, and what `release-worktrees` and the resume checks look at.
   * The row's `workspace_path` is the rewrite's managed path instead.
   */
  legacyWorktree?: string;
  /** Claude transcript to relocate (claude-code sessions with a uuid). */
  claudeSessionUuid?: string;
  /** The agent session id the legacy store recorded, when the row resumes another one (a codex thread's copy for the managed worktree). */
  legacyAgentSessionId?: string;
  /** The legacy agent's tmux session name, when the record names one (else the agent ran under the session id). */
  legacyTmuxName?: string;
  /** Whether `ao session restore <id>` can succeed, and if not, why not. */
  resume: ResumeReadiness;
  notes: Note[];
}

export interface ResumeReadiness {
  resumable: boolean;
  /** Empty when resumable. Each entry is one sentence a user can act on. */
  reasons: string[];
  /** One of `reasons` is that restore would start the task afresh from its prompt (a restart, not a resume). */
  restartsFromPrompt?: boolean;
}
