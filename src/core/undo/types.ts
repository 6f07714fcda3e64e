import type { RewriteRelease } from '../database/schema/rewrite-release.js';
import type { RefusalCode } from '../errors.js';
import type { Note } from '../note.js';

/**
 * How one item of the undone run ended: `removed`; `already-gone` (nothing
 * to remove); `refused` (the rewrite changed or uses it since the run, so it
 * was kept: `reason` says what changed, and whether `--force` overrides);
 * `failed` (an error stopped this item; it was kept). In a dry run, how it
 * would end.
 */
export type UndoStatus = 'removed' | 'already-gone' | 'refused' | 'failed';

export const UNDO_STATUSES: readonly UndoStatus[] = ['removed', 'already-gone', 'refused', 'failed'];

export interface UndoItem {
  id: string;
  status: UndoStatus;
  reason?: string;
}

export interface UndoSessionItem extends UndoItem {
  projectId: string;
}

/** One copied transcript file; `id` is its path. */
export interface UndoFileItem extends UndoItem {
  sessionId: string;
}

export type UndoCounts = Record<UndoStatus, number>;

/** What `undo` removed and kept (in a dry run: would remove and keep). Also the `undo --json` contract, so it is versioned. */
export interface UndoReport {
  reportVersion: 1;
  /** Nothing was removed, backed up or recorded; the statuses say what a real undo would do. */
  dryRun: boolean;
  target: {
    dbPath: string;
    /** The highest goose version applied to the database; `null` on a refusal. */
    schemaVersion: number | null;
    /** The rewrite release that makes such a database; `null` on a refusal. */
    release: RewriteRelease | null;
    /** The copy taken before this undo; `null` with `backup: false`, in a dry run or on a refusal. */
    backupPath: string | null;
  };
  ledgerPath: string;
  /** The run undone; `null` on a refusal. */
  run: {
    runAt: string;
    /** The copy taken before that run: restoring it undoes the run completely (daemon stopped). */
    backupPath: string | null;
  } | null;
  projects: UndoItem[];
  sessions: UndoSessionItem[];
  transcripts: UndoFileItem[];
  /** What the run changed in codex's and opencode's own stores: `id` a codex thread copy's id, or the opencode store (database or session file) changed. */
  agentDirectories: UndoFileItem[];
  counts: { projects: UndoCounts; sessions: UndoCounts; transcripts: UndoCounts; agentDirectories: UndoCounts };
  notes: Note[];
  /** Set (by the CLI) when a precondition refused the undo. */
  refusal?: { code: RefusalCode; message: string };
}

export function countUndoStatuses(items: readonly { status: UndoStatus }[]): UndoCounts {
  const counts = Object.fromEntries(UNDO_STATUSES.map((s) => [s, 0])) as UndoCounts;
  for (const item of items) counts[item.status] += 1;
  return counts;
}
