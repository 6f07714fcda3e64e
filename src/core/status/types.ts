import type { RewriteRelease } from '../database/schema/rewrite-release.js';
import type { RefusalCode } from '../errors.js';
import type { StoreProblem } from '../legacy/types.js';
import type { Note } from '../note.js';

/**
 * `status`: the legacy store measured against the rewrite's database and the
 * transcript buckets. Also the `status --json` contract, so it is versioned.
 */
export interface StatusReport {
  reportVersion: 1;
  dbPath: string;
  /** The highest goose version applied to the database; `null` on a refusal. */
  schemaVersion: number | null;
  /** The rewrite release that makes such a database; `null` on a refusal. */
  release: RewriteRelease | null;
  projects: ProjectStatus[];
  /** Every live legacy session, migrated or not. */
  sessions: SessionStatus[];
  /** What keeps the look from being complete: orphaned store dirs, unreadable registries, no data root (exit 1). */
  problems: StoreProblem[];
  notes: Note[];
  /** Set (by the CLI) when a precondition refused the look. */
  refusal?: { code: RefusalCode; message: string };
}

export interface ProjectStatus {
  id: string;
  /** The legacy registry (config file) it came from. */
  config: string;
  /** The rewrite holds it (under this id, or adopted by the project with the same path). */
  migrated: boolean;
  /** Why it is not migrated, or what stands against its sessions; empty when nothing does. */
  reasons: string[];
}

export interface SessionStatus {
  /** Its id in the rewrite. */
  id: string;
  /** Its legacy id, when that differs (another project's session has it). */
  legacyId?: string;
  /** The rewrite project it belongs (or would belong) to. */
  projectId: string;
  /** The rewrite has a row with this id and the same identity. */
  migrated: boolean;
  /** `ao session restore <id>` should work now. */
  resumable: boolean;
  /** Why it is not migrated or not resumable; empty when resumable. Each one sentence a user can act on. */
  reasons: string[];
  /** `ao session restore <id>`, present when resumable. */
  resumeCommand?: string;
  /** `ao session restore <id>`, present when restore would only restart the task from its prompt (no agent session id). */
  restartCommand?: string;
  /** The legacy worktree the session ran in (the row holds the rewrite's managed path instead). */
  legacyWorktree?: string;
}
