import { z } from 'zod';

/** A file this run wrote, as written: undo removes it only while it still holds exactly this. */
const WrittenFile = z.object({
  path: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

/** A SQLite row as stored: column → value (TEXT, INTEGER, REAL or NULL; codex's tables hold no BLOBs). */
const StoredRow = z.record(z.string(), z.union([z.string(), z.number(), z.null()]));

/**
 * A codex thread copied for the managed worktree: the copy's rollout file
 * and its `threads` row in `state_5.sqlite`, both new. The user's thread
 * (`threadId`) was only read. Undo removes both while they are unchanged.
 */
export const CodexThreadCopyRecord = z.object({
  sessionId: z.string(),
  threadId: z.string(),
  copyThreadId: z.string(),
  stateDb: z.string(),
  rollout: WrittenFile,
  row: StoredRow,
  /**
   * Recorded before the write (the run was cut short before it said what it
   * wrote): the row as planned, which codex's triggers may have filled in
   * since, so undo knows the copy's row by its id, rollout and directory.
   */
  planned: z.literal(true).optional(),
});

/**
 * An opencode session whose `directory` this run changed, in `opencode.db`
 * (`store: 'database'`) or in the older JSON storage (`store: 'json'`, the
 * session file as written in `file`). Undo puts `previousDirectory` back
 * while the value is still `directory`.
 */
export const OpencodeDirectoryRecord = z.object({
  sessionId: z.string(),
  opencodeSessionId: z.string(),
  store: z.enum(['database', 'json']),
  /** The database, or the session's JSON file. */
  path: z.string(),
  previousDirectory: z.string(),
  directory: z.string(),
  file: WrittenFile.optional(),
});

export type CodexThreadCopyRecord = z.infer<typeof CodexThreadCopyRecord>;
export type OpencodeDirectoryRecord = z.infer<typeof OpencodeDirectoryRecord>;
export type StoredRow = z.infer<typeof StoredRow>;
