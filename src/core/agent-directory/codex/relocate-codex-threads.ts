import * as path from 'node:path';
import { lstatIfPresent } from '../../claude/lstat-if-present.js';
import { backupSqliteFile } from '../../database/backup-database.js';
import type { SqliteDatabase } from '../../database/sqlite-driver.js';
import { nodeFileSystem, type FileSystem } from '../../effects/fs.js';
import { errorMessage } from '../../error-message.js';
import { hashBytes, hashFile } from '../../ledger/hash-file.js';
import type { Note } from '../../note.js';
import type { ItemStatus } from '../../outcome.js';
import { holdStoreForWriting, lookIntoStore, missingColumns, type OpenedStore } from '../agent-database.js';
import type { CodexThreadCopyRecord, StoredRow } from '../ledger-schema.js';
import { legacySpellings } from '../recorded-as.js';
import {
  agentOutcome,
  notResumable,
  type AgentDirectoryOptions,
  type AgentDirectoryOutcome,
  type AgentDirectoryRequest,
  type AgentDirectoryRun,
} from '../types.js';
import { codexStateDatabase } from './codex-home.js';
import { copyThreadId, THREAD_ID } from './copy-thread-id.js';
import { copyRollout } from './rollout-lines.js';
import { writeAtomically } from '../write-atomically.js';

export interface CodexRelocationOptions extends AgentDirectoryOptions {
  /** Codex's home (see `codexHome`). */
  codexHome: string;
  fs?: FileSystem;
  /** Called with every copy about to be made, before the first write (for the ledger: a run cut short stays undoable). */
  beforeWrite?: (planned: readonly CodexThreadCopyRecord[]) => void;
}

/** The columns the copy needs in `threads`; every other column is copied as it is. */
const THREAD_COLUMNS = ['id', 'rollout_path', 'cwd'] as const;

/** What to do for one thread; `conflict`/`skip` write nothing. */
type Decision =
  | {
      action: 'write';
      copyId: string;
      copyPath: string;
      content: Buffer;
      mtime: Date;
      row: StoredRow;
      /** Whether the rollout file must be (re)written; false when only the row is missing. */
      writeFile: boolean;
      /** Whether a row for the copy is already there (then it is replaced). */
      rowPresent: boolean;
      note?: string;
    }
  | { action: 'keep'; copyId: string }
  | { action: 'skip'; reason: string; notResumable: string }
  | { action: 'conflict'; reason: string };

/**
 * Makes each codex thread resumable in its managed worktree without a
 * prompt, by COPYING it (agents.md; measured with codex 0.144.6 and
 * 0.171.0): a new thread whose rollout and `threads` row are the
 * original's with the recorded directory set to the managed path, and whose
 * id the daemon then resumes (`resumeId`). The user's thread is only read.
 *
 * The copy's id is derived from the thread id and the managed path, so a
 * re-run finds it: identical → `already-present`; a strict byte-prefix of a
 * fresh copy (the legacy thread went on after an earlier run) → replaced,
 * with a note; anything else (resumed in the rewrite) → `conflict`, kept.
 *
 * Writes only while no other process has `state_5.sqlite` open (a codex
 * session, or codex 0.171's app-server daemon; a run with nothing to write
 * only looks, so it does not mind), after a backup of it
 * beside it (`state_5.sqlite.pre-ao-migrate-<time>`); each rollout is
 * written to a temp name and renamed, then its row inserted. A dry run opens
 * the database without leaving a trace and writes nothing.
 */
export function relocateCodexThreads(
  requests: readonly AgentDirectoryRequest[],
  options: CodexRelocationOptions,
): AgentDirectoryRun<CodexThreadCopyRecord> {
  const fs = options.fs ?? nodeFileSystem;
  const stateDb = codexStateDatabase(options.codexHome);
  if (requests.length === 0) return { outcomes: [], records: [] };
  const everyone = (status: ItemStatus, reason: string, why: string): AgentDirectoryRun<CodexThreadCopyRecord> => ({
    outcomes: requests.map((request) => outcome(request, status, { reason, notResumable: notResumable(why) })),
    records: [],
  });
  if (lstatIfPresent(fs, stateDb)?.isFile() !== true) {
    const why = `codex's thread index ${stateDb} does not exist (no codex thread was found under ${options.codexHome})`;
    return everyone('skipped', why, why);
  }

  // A look first: when nothing needs writing (a re-run), codex may keep its store open meanwhile.
  const looked = withStore(stateDb, false, (db) => relocateEach(fs, db, stateDb, requests, { ...options, dryRun: true }));
  if (options.dryRun || !looked.outcomes.some((outcome) => outcome.status === 'created')) return looked;
  // Decided again under the lock: codex may have written between the look and the lock.
  return withStore(stateDb, true, (db) => relocateEach(fs, db, stateDb, requests, options));

  function withStore(file: string, forWriting: boolean, work: (db: SqliteDatabase) => AgentDirectoryRun<CodexThreadCopyRecord>) {
    let store: OpenedStore | undefined;
    try {
      store = forWriting ? holdStoreForWriting(file) : lookIntoStore(file);
    } catch (error) {
      const why = `${file} could not be opened (${errorMessage(error)})`;
      return everyone('failed', why, why);
    }
    if (store === undefined) {
      const why =
        `codex has ${file} open (a codex session, or the app-server daemon of codex 0.171 and later): ` +
        'quit codex and stop its daemon (`codex app-server daemon stop`), then run again';
      return everyone('failed', why, why);
    }
    try {
      const missing = missingColumns(store.db, 'threads', THREAD_COLUMNS);
      if (missing.length > 0) {
        const why = `${file} has no threads table with the columns ${THREAD_COLUMNS.join(', ')} (lacks ${missing.join(', ')}), not the format measured with codex 0.144–0.171`;
        return everyone('skipped', why, why);
      }
      return work(store.db);
    } finally {
      store.close();
    }
  }
}

function relocateEach(
  fs: FileSystem,
  db: SqliteDatabase,
  stateDb: string,
  requests: readonly AgentDirectoryRequest[],
  options: CodexRelocationOptions,
): AgentDirectoryRun<CodexThreadCopyRecord> {
  const run: AgentDirectoryRun<CodexThreadCopyRecord> = { outcomes: [], records: [] };
  // Decided twice rather than holding every rollout's copy in memory at once: first to say what will be written.
  if (!options.dryRun && options.beforeWrite !== undefined) {
    const planned = requests.flatMap((request) => {
      try {
        const decision = decide(fs, db, request);
        return decision.action === 'write' ? [plannedRecord(stateDb, request, decision)] : [];
      } catch {
        return []; // decided again below, where it fails with its reason
      }
    });
    if (planned.length > 0) options.beforeWrite(planned);
  }
  for (const request of requests) {
    let decision: Decision;
    try {
      decision = decide(fs, db, request);
    } catch (error) {
      const reason = errorMessage(error);
      run.outcomes.push(outcome(request, 'failed', { reason, notResumable: notResumable(reason) }));
      continue;
    }
    switch (decision.action) {
      case 'skip':
        run.outcomes.push(outcome(request, 'skipped', { reason: decision.reason, notResumable: decision.notResumable }));
        continue;
      case 'conflict':
        run.outcomes.push(
          outcome(request, 'conflict', { reason: decision.reason, notResumable: notResumable(decision.reason) }),
        );
        continue;
      case 'keep':
        run.outcomes.push(outcome(request, 'already-present', { resumeId: decision.copyId }));
        continue;
      case 'write':
        break;
    }
    const notes: Note[] = decision.note === undefined ? [] : [{ scope: 'session', id: request.sessionId, message: decision.note }];
    if (options.dryRun) {
      run.outcomes.push(outcome(request, 'created', { resumeId: decision.copyId, notes }));
      continue;
    }
    try {
      run.backupPath ??= backupSqliteFile(db, stateDb, options.now ?? new Date(), 'pre-ao-migrate');
      run.records.push(writeCopy(fs, db, stateDb, request, decision));
      run.outcomes.push(outcome(request, 'created', { resumeId: decision.copyId, notes }));
    } catch (error) {
      const reason = errorMessage(error);
      run.outcomes.push(outcome(request, 'failed', { reason, notResumable: notResumable(reason), notes }));
    }
  }
  return run;
}

/** Reads the thread and what stands at its copy; writes nothing. */
function decide(fs: FileSystem, db: SqliteDatabase, request: AgentDirectoryRequest): Decision {
  const threadId = request.agentSessionId;
  if (!THREAD_ID.test(threadId)) {
    const reason = `${JSON.stringify(threadId)} is not a codex thread id (a UUID)`;
    return { action: 'skip', reason, notResumable: notResumable(reason) };
  }
  const row = db.prepare('SELECT * FROM threads WHERE id = ?').get(threadId) as StoredRow | undefined;
  if (row === undefined) {
    const reason = `codex has no thread ${threadId} (its threads index holds none by that id)`;
    return { action: 'skip', reason, notResumable: notResumable(reason) };
  }
  const rolloutPath = row['rollout_path'];
  const source = typeof rolloutPath === 'string' ? lstatIfPresent(fs, rolloutPath) : undefined;
  if (typeof rolloutPath !== 'string' || source === undefined || !source.isFile()) {
    const reason = `the rollout of codex thread ${threadId} (${String(rolloutPath)}) is gone`;
    return { action: 'skip', reason, notResumable: notResumable(reason) };
  }
  const fileName = path.basename(rolloutPath);
  if (!fileName.endsWith(`-${threadId}.jsonl`)) {
    const reason = `the rollout ${rolloutPath} of thread ${threadId} is not named rollout-<time>-<id>.jsonl, not the format measured with codex 0.144–0.171`;
    return { action: 'skip', reason, notResumable: notResumable(reason) };
  }

  const legacy = legacySpellings(fs, request.legacyWorktree);
  if (row['cwd'] !== request.managedPath && !legacy.has(String(row['cwd']))) {
    return { action: 'conflict', reason: `codex records thread ${threadId} in ${String(row['cwd'])}, which is neither the legacy worktree nor the managed path; left alone` };
  }
  const copyId = copyThreadId(threadId, request.managedPath);
  const copy = copyRollout(fs.readFileSync(rolloutPath), { threadId, copyThreadId: copyId, legacy, managedPath: request.managedPath });
  if (copy.kind === 'unmeasured') {
    const reason = `${copy.why}; the thread was left alone`;
    return { action: 'skip', reason, notResumable: notResumable(copy.why) };
  }
  if (copy.kind === 'elsewhere') return { action: 'conflict', reason: `${copy.why}; left alone` };

  const copyPath = path.join(path.dirname(rolloutPath), `${fileName.slice(0, -`${threadId}.jsonl`.length)}${copyId}.jsonl`);
  const copyRow: StoredRow = { ...row, id: copyId, rollout_path: copyPath, cwd: request.managedPath };
  const rowPresent = db.prepare('SELECT 1 FROM threads WHERE id = ?').get(copyId) !== undefined;
  const write = { action: 'write' as const, copyId, copyPath, content: copy.content, mtime: source.mtime, row: copyRow, rowPresent };

  const existing = lstatIfPresent(fs, copyPath);
  if (existing === undefined) {
    if (rowPresent) return { action: 'conflict', reason: `codex indexes the copy ${copyId} but its rollout ${copyPath} is gone; left alone` };
    return { ...write, writeFile: true };
  }
  if (!existing.isFile()) return { action: 'conflict', reason: `${copyPath} is not a regular file; left alone` };
  const present = fs.readFileSync(copyPath);
  if (present.equals(copy.content)) return rowPresent ? { action: 'keep', copyId } : { ...write, writeFile: false };
  if (present.length < copy.content.length && present.equals(copy.content.subarray(0, present.length))) {
    return {
      ...write,
      writeFile: true,
      note: `${copyPath} was a strict prefix of a fresh copy (the thread went on after an earlier run); replaced`,
    };
  }
  return {
    action: 'conflict',
    reason: `the copy ${copyPath} holds other content than a fresh copy of thread ${threadId} (resumed in the rewrite since?); kept`,
  };
}

/** The copy as it will be written; its row as planned, before codex's triggers (if any) fill columns in. */
function plannedRecord(stateDb: string, request: AgentDirectoryRequest, decision: Extract<Decision, { action: 'write' }>): CodexThreadCopyRecord {
  return {
    sessionId: request.sessionId,
    threadId: request.agentSessionId,
    copyThreadId: decision.copyId,
    stateDb,
    rollout: { path: decision.copyPath, ...hashBytes(decision.content) },
    row: decision.row,
    planned: true,
  };
}

/** The rollout first (temp name, then rename), then the row, so a run cut short leaves what a re-run completes. */
function writeCopy(
  fs: FileSystem,
  db: SqliteDatabase,
  stateDb: string,
  request: AgentDirectoryRequest,
  decision: Extract<Decision, { action: 'write' }>,
): CodexThreadCopyRecord {
  // The copy keeps its thread's mtime, so it sorts where its thread does in codex's pickers.
  if (decision.writeFile) writeAtomically(fs, decision.copyPath, decision.content, decision.mtime);
  const columns = Object.keys(decision.row);
  const quoted = columns.map((column) => `"${column.replace(/"/g, '""')}"`).join(', ');
  db.transaction(() => {
    if (decision.rowPresent) db.prepare('DELETE FROM threads WHERE id = ?').run(decision.copyId);
    db.prepare(`INSERT INTO threads (${quoted}) VALUES (${columns.map(() => '?').join(', ')})`).run(
      ...columns.map((column) => decision.row[column]),
    );
  })();
  // As stored: codex's insert triggers may have filled columns in.
  const row = db.prepare('SELECT * FROM threads WHERE id = ?').get(decision.copyId) as StoredRow;
  return {
    sessionId: request.sessionId,
    threadId: request.agentSessionId,
    copyThreadId: decision.copyId,
    stateDb,
    rollout: { path: decision.copyPath, ...hashFile(fs, decision.copyPath) },
    row,
  };
}

function outcome(
  request: AgentDirectoryRequest,
  status: ItemStatus,
  extra: { resumeId?: string; reason?: string; notResumable?: string; notes?: Note[] },
): AgentDirectoryOutcome {
  return agentOutcome('codex', request, status, extra);
}
