import type { RefusalCode } from '../core/errors.js';
import type { StoreProblem } from '../core/legacy/types.js';
import type { Note } from '../core/note.js';
import type { ItemStatus } from '../core/outcome.js';
import type { SessionKind } from '../core/map/rows.js';
import type { ImportMode } from '../core/plan/types.js';
import type { RewriteRelease } from '../core/database/index.js';

/**
 * The outcome of a migration (or, in a dry run, what would happen). This is
 * also the `--json` contract of the CLI, so its shape is versioned.
 */
export interface MigrationReport {
  reportVersion: 1;
  dryRun: boolean;
  mode: ImportMode;
  target: {
    dbPath: string;
    /** The highest goose version applied to the database, once its shape passed; `null` when a refusal came first. */
    schemaVersion: number | null;
    /** The rewrite release that makes such a database (`unknown` when none is known to); `null` on a refusal. */
    release: RewriteRelease | null;
    backupPath: string | null;
    /**
     * Dry run only: set (to why) when it could not be checked whether another
     * process has the database open, which makes a real run refuse (`DB_IN_USE`).
     */
    inUseUnchecked?: string;
  };
  projects: ProjectReport[];
  sessions: SessionReport[];
  transcripts: TranscriptReport[];
  /**
   * The codex and opencode sessions whose agent's own record was (or, in a
   * dry run, would be) made to name the managed worktree, so the agent works
   * there when the daemon resumes it.
   */
  agentDirectories: AgentDirectoryReport[];
  /**
   * What keeps the run from being complete beyond single items: store dirs
   * whose sessions no registry owns, a registry that cannot be read, no
   * legacy data root. Any makes the CLI exit 1.
   */
  problems: StoreProblem[];
  notes: Note[];
  counts: {
    projects: StatusCounts;
    sessions: StatusCounts;
    transcripts: StatusCounts;
    agentDirectories: StatusCounts;
  };
  /** Set (by the CLI) when a precondition refused the run. */
  refusal?: { code: RefusalCode; message: string };
}

export type StatusCounts = Record<ItemStatus, number>;

export interface ProjectReport {
  id: string;
  /** The legacy registry (config file) it came from. */
  config: string;
  status: ItemStatus;
  reason?: string;
  /** The existing rewrite project (same path) this one was merged into. */
  adoptedAs?: string;
}

export interface SessionReport {
  /** Its id in the rewrite. */
  id: string;
  /** Its legacy id, when that differs: another project's session has it. */
  legacyId?: string;
  projectId: string;
  kind: SessionKind;
  harness: string;
  status: ItemStatus;
  reason?: string;
  resumable: boolean;
  /** Why `resumable` is false; empty when it is true. */
  resumeBlockers: string[];
  /** `ao session restore <id>`, present when resumable. */
  resumeCommand?: string;
  /**
   * `ao session restore <id>`, present when the only thing against a resume
   * is that there is no agent session id: restore starts the task afresh
   * from its prompt (a restart, not a resume).
   */
  restartCommand?: string;
  /** The legacy worktree the session ran in (the row holds the rewrite's managed path instead). */
  legacyWorktree?: string;
}

export interface TranscriptReport {
  sessionId: string;
  uuid: string;
  source: string;
  destination: string;
  status: ItemStatus;
  reason?: string;
}

/**
 * One codex thread copied for its managed worktree (`resumeId` is the copy,
 * the row's `agent_session_id`), or one opencode session whose directory was
 * set to it (`resumeId` is its own id).
 */
export interface AgentDirectoryReport {
  sessionId: string;
  harness: 'codex' | 'opencode';
  /** The id the legacy store recorded. */
  agentSessionId: string;
  resumeId?: string;
  status: ItemStatus;
  reason?: string;
}
