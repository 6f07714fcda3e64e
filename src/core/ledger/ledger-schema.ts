import { z } from 'zod';
import { CodexThreadCopyRecord, OpencodeDirectoryRecord } from '../agent-directory/ledger-schema.js';

/** A project row a run inserted, as inserted: undo compares the row with it to see whether the rewrite changed it. */
const LedgerProject = z.object({
  id: z.string(),
  path: z.string(),
  repoOriginUrl: z.string(),
  displayName: z.string(),
  registeredAt: z.string(),
  kind: z.string(),
  config: z.string().nullable(),
});

/** A session row a run inserted: its place, and the columns the rewrite changes when it touches the session. */
const LedgerSession = z.object({
  id: z.string(),
  /** The legacy id, when the session got another one (another project's session had it). */
  legacyId: z.string().optional(),
  projectId: z.string(),
  num: z.number().int(),
  updatedAt: z.string(),
  isTerminated: z.number().int(),
  activityState: z.string(),
  runtimeHandleId: z.string(),
  /** The legacy worktree it ran in (the row names the managed one). */
  legacyWorktree: z.string().optional(),
});

/** A file a run copied, as copied (its source's hash, taken before the copy). */
const LedgerFile = z.object({
  path: z.string(),
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Set when the copy replaced a strict prefix of itself (an earlier run's copy): undo cuts it back to this size. */
  replacedSize: z.number().int().nonnegative().optional(),
});

const LedgerTranscript = z.object({
  sessionId: z.string(),
  uuid: z.string(),
  /** The destination bucket, `<claude dir>/projects/<slug>`. */
  bucket: z.string(),
  files: z.array(LedgerFile),
  /** Directories the run created for these files (the bucket and below): undo removes them once empty, and no others. */
  createdDirs: z.array(z.string()).default([]),
});

const LedgerRun = z.object({
  /** Names the run, so that its record can be completed in place. */
  runId: z.string().optional(),
  /**
   * `started`: written before the run copied or inserted anything, listing
   * what it was about to; a run cut short stays so, and undo removes what of
   * it exists. `complete`: what it did. Absent: complete.
   */
  state: z.enum(['started', 'complete']).optional(),
  /** ISO 8601, UTC. */
  runAt: z.string(),
  dbPath: z.string(),
  /** The copy of the database taken before the run, if any. */
  backupPath: z.string().nullable(),
  mode: z.string(),
  projects: z.array(LedgerProject),
  sessions: z.array(LedgerSession),
  transcripts: z.array(LedgerTranscript),
  /** What the run changed in codex's and opencode's own stores, so that their sessions work in the managed worktrees. */
  agentDirectories: z.object({ codex: z.array(CodexThreadCopyRecord), opencode: z.array(OpencodeDirectoryRecord) }).optional(),
  /** Set once `undo` removed everything of this run. */
  undoneAt: z.string().optional(),
});

/** `<data dir>/legacy-migration.json`: every real run that changed something, oldest first. */
export const LedgerSchema = z.object({
  ledgerVersion: z.literal(1),
  runs: z.array(LedgerRun),
});

export type Ledger = z.infer<typeof LedgerSchema>;
export type LedgerRun = z.infer<typeof LedgerRun>;
export type LedgerProject = z.infer<typeof LedgerProject>;
export type LedgerSession = z.infer<typeof LedgerSession>;
export type LedgerTranscript = z.infer<typeof LedgerTranscript>;
export type LedgerFile = z.infer<typeof LedgerFile>;
