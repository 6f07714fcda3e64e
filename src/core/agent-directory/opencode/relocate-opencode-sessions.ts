import { lstatIfPresent } from '../../claude/lstat-if-present.js';
import { backupSqliteFile } from '../../database/backup-database.js';
import type { SqliteDatabase } from '../../database/sqlite-driver.js';
import { nodeFileSystem, type FileSystem } from '../../effects/fs.js';
import { errorMessage } from '../../error-message.js';
import { hashBytes } from '../../ledger/hash-file.js';
import type { ItemStatus } from '../../outcome.js';
import { holdStoreForWriting, lookIntoStore, missingColumns, type OpenedStore } from '../agent-database.js';
import type { OpencodeDirectoryRecord } from '../ledger-schema.js';
import { legacySpellings } from '../recorded-as.js';
import {
  agentOutcome,
  notResumable,
  type AgentDirectoryOptions,
  type AgentDirectoryOutcome,
  type AgentDirectoryRequest,
  type AgentDirectoryRun,
} from '../types.js';
import { writeAtomically } from '../write-atomically.js';
import { findJsonSessionFiles, readJsonSession, withDirectory } from './json-session-file.js';
import { opencodeJsonSessionsDir } from './opencode-paths.js';

export interface OpencodeRelocationOptions extends AgentDirectoryOptions {
  /** OpenCode's data dir (see `opencodeDataDir`): the older JSON storage lives under it. */
  dataDir: string;
  /** OpenCode's database (see `opencodeDatabase`); `undefined` when it keeps none on disk. */
  database: string | undefined;
  fs?: FileSystem;
  /** Called with every change about to be made, before the first write (for the ledger: a run cut short stays undoable). */
  beforeWrite?: (planned: readonly OpencodeDirectoryRecord[]) => void;
}

/** An OpenCode session id, as the legacy store must hold it (migration-rules §3). */
const SESSION_ID = /^ses_[A-Za-z0-9_-]+$/;

/** Where one session records its directory, and what to do there. */
type Change =
  | { store: 'database'; path: string; previousDirectory: string; write: boolean }
  | { store: 'json'; path: string; previousDirectory: string; write: boolean; text: string };

type Decision =
  | { action: 'apply'; changes: Change[] }
  | { action: 'skip'; reason: string; notResumable: string }
  | { action: 'conflict'; reason: string };

/**
 * Makes each OpenCode session run in its managed worktree when resumed
 * (agents.md, measured with opencode 1.18.3 and 1.18.33): `session.directory`
 * in `opencode.db` becomes the managed path — that field only, nothing else
 * of the session or the database — and so does `directory` in the session's
 * file of the older JSON storage when there is one. A directory that names
 * neither the legacy worktree nor the managed path is a `conflict`, left
 * alone. Writes only while no other process has the database open (a run
 * with nothing to write only looks), after a
 * backup of it beside it (`opencode.db.pre-ao-migrate-<time>`), all rows in
 * one transaction; JSON files are rewritten atomically. A dry run leaves no
 * trace. The ledger records keep the old values for `undo`.
 */
export function relocateOpencodeSessions(
  requests: readonly AgentDirectoryRequest[],
  options: OpencodeRelocationOptions,
): AgentDirectoryRun<OpencodeDirectoryRecord> {
  const fs = options.fs ?? nodeFileSystem;
  const database = options.database !== undefined && lstatIfPresent(fs, options.database)?.isFile() ? options.database : undefined;
  if (requests.length === 0) return { outcomes: [], records: [] };

  const pass = (forWriting: boolean) => withStore(database, forWriting, requests, (db) => {
    const decisions = requests.map((request) => {
      try {
        return decide(fs, db, database, request, options.dataDir);
      } catch (error) {
        return { action: 'failed' as const, reason: errorMessage(error) };
      }
    });
    return apply(fs, db, database, requests, decisions, { ...options, dryRun: !forWriting });
  });
  // A look first: when nothing needs writing (a re-run), opencode may keep its database open meanwhile.
  const looked = pass(false);
  if (options.dryRun || !looked.outcomes.some((outcome) => outcome.status === 'created')) return looked;
  // Decided again under the lock: opencode may have written between the look and the lock.
  return pass(true);
}

/** Runs `work` with the database open (looked into, or held for writing), or says for every session why it cannot be. */
function withStore(
  database: string | undefined,
  forWriting: boolean,
  requests: readonly AgentDirectoryRequest[],
  work: (db: SqliteDatabase | undefined) => AgentDirectoryRun<OpencodeDirectoryRecord>,
): AgentDirectoryRun<OpencodeDirectoryRecord> {
  if (database === undefined) return work(undefined);
  let store: OpenedStore | undefined;
  try {
    store = forWriting ? holdStoreForWriting(database) : lookIntoStore(database);
  } catch (error) {
    return everyone(requests, 'failed', `${database} could not be opened (${errorMessage(error)})`);
  }
  if (store === undefined) {
    return everyone(requests, 'failed', `opencode has ${database} open: quit every opencode (TUI, \`opencode serve\`), then run again`);
  }
  try {
    const missing = missingColumns(store.db, 'session', ['id', 'directory']);
    if (missing.length > 0) {
      return everyone(
        requests,
        'skipped',
        `${database} has no session table with the columns id and directory (lacks ${missing.join(', ')}), not the format measured with opencode 1.18`,
      );
    }
    return work(store.db);
  } finally {
    store.close();
  }
}

function decide(
  fs: FileSystem,
  db: SqliteDatabase | undefined,
  database: string | undefined,
  request: AgentDirectoryRequest,
  dataDir: string,
): Decision {
  const id = request.agentSessionId;
  if (!SESSION_ID.test(id)) {
    const reason = `${JSON.stringify(id)} is not an OpenCode session id (ses_…)`;
    return { action: 'skip', reason, notResumable: notResumable(reason) };
  }
  const legacy = legacySpellings(fs, request.legacyWorktree);
  const changes: Change[] = [];
  const place = (store: Change['store'], where: string, directory: string): Omit<Change, 'store' | 'path'> | string => {
    if (directory === request.managedPath) return { previousDirectory: directory, write: false };
    if (legacy.has(directory)) return { previousDirectory: directory, write: true };
    return `opencode records session ${id} in ${directory} (${store === 'database' ? `${where}, session.directory` : where}), which is neither the legacy worktree nor the managed path`;
  };

  const row = db?.prepare('SELECT directory FROM session WHERE id = ?').get(id) as { directory: unknown } | undefined;
  if (row !== undefined && database !== undefined) {
    if (typeof row.directory !== 'string') {
      const why = `session ${id} in ${database} has no text directory`;
      return { action: 'skip', reason: why, notResumable: notResumable(why) };
    }
    const placed = place('database', database, row.directory);
    if (typeof placed === 'string') return { action: 'conflict', reason: `${placed}; left alone` };
    changes.push({ store: 'database', path: database, ...placed });
  }
  for (const file of findJsonSessionFiles(fs, opencodeJsonSessionsDir(dataDir), id)) {
    const session = readJsonSession(fs, file, id);
    if (session.kind === 'unmeasured') return { action: 'skip', reason: `${session.why}; left alone`, notResumable: notResumable(session.why) };
    const placed = place('json', file, session.directory);
    if (typeof placed === 'string') return { action: 'conflict', reason: `${placed}; left alone` };
    changes.push({ store: 'json', path: file, text: session.text, ...placed });
  }
  if (changes.length === 0) {
    const reason = `opencode has no session ${id} (neither in ${database ?? 'a database'} nor in ${opencodeJsonSessionsDir(dataDir)})`;
    return { action: 'skip', reason, notResumable: notResumable(reason) };
  }
  return { action: 'apply', changes };
}

function apply(
  fs: FileSystem,
  db: SqliteDatabase | undefined,
  database: string | undefined,
  requests: readonly AgentDirectoryRequest[],
  decisions: readonly (Decision | { action: 'failed'; reason: string })[],
  options: OpencodeRelocationOptions,
): AgentDirectoryRun<OpencodeDirectoryRecord> {
  const run: AgentDirectoryRun<OpencodeDirectoryRecord> = { outcomes: [], records: [] };
  const rowWrites = decisions.some(
    (decision) => decision.action === 'apply' && decision.changes.some((change) => change.store === 'database' && change.write),
  );
  let backupFailure: string | undefined;
  if (rowWrites && !options.dryRun && db !== undefined && database !== undefined) {
    try {
      run.backupPath = backupSqliteFile(db, database, options.now ?? new Date(), 'pre-ao-migrate');
    } catch (error) {
      backupFailure = `${errorMessage(error)}; nothing of this session was written`;
    }
  }
  // One transaction for every row: all the sessions' directories change together or not at all.
  const updateRows = () => {
    for (const [index, decision] of decisions.entries()) {
      if (decision.action !== 'apply') continue;
      for (const change of decision.changes) {
        if (change.store !== 'database' || !change.write) continue;
        const managedPath = requests[index]!.managedPath;
        const { changes } = db!
          .prepare('UPDATE session SET directory = ? WHERE id = ? AND directory = ?')
          .run(managedPath, requests[index]!.agentSessionId, change.previousDirectory);
        if (changes !== 1) throw new Error(`session ${requests[index]!.agentSessionId} changed in ${database} while it was being relocated`);
      }
    }
  };
  if (!options.dryRun) {
    const planned = decisions.flatMap((decision, index) => {
      if (decision.action !== 'apply') return [];
      const writes = decision.changes.filter((change) => change.write);
      if (backupFailure !== undefined && writes.some((change) => change.store === 'database')) return [];
      return writes.map((change) => changeRecord(requests[index]!, change));
    });
    if (planned.length > 0) options.beforeWrite?.(planned);
  }
  let rowFailure: string | undefined;
  if (rowWrites && !options.dryRun && backupFailure === undefined) {
    try {
      db!.transaction(updateRows)();
    } catch (error) {
      rowFailure = `${errorMessage(error)}; no session of ${database} was changed`;
    }
  }

  for (const [index, decision] of decisions.entries()) {
    const request = requests[index]!;
    if (decision.action === 'failed') {
      run.outcomes.push(outcome(request, 'failed', decision.reason, notResumable(decision.reason)));
      continue;
    }
    if (decision.action === 'skip') {
      run.outcomes.push(outcome(request, 'skipped', decision.reason, decision.notResumable));
      continue;
    }
    if (decision.action === 'conflict') {
      run.outcomes.push(outcome(request, 'conflict', decision.reason, notResumable(decision.reason)));
      continue;
    }
    const writes = decision.changes.filter((change) => change.write);
    if (writes.length === 0) {
      run.outcomes.push(outcome(request, 'already-present'));
      continue;
    }
    const failure = writes.some((change) => change.store === 'database') ? (backupFailure ?? rowFailure) : undefined;
    if (failure !== undefined) {
      run.outcomes.push(outcome(request, 'failed', failure, notResumable(failure)));
      continue;
    }
    if (options.dryRun) {
      run.outcomes.push(outcome(request, 'created'));
      continue;
    }
    try {
      for (const change of writes) run.records.push(record(fs, request, change));
      run.outcomes.push(outcome(request, 'created'));
    } catch (error) {
      const reason = errorMessage(error);
      run.outcomes.push(outcome(request, 'failed', reason, notResumable(reason)));
    }
  }
  return run;
}

/** Writes a JSON session file (the row is already written) and says what changed. */
function record(fs: FileSystem, request: AgentDirectoryRequest, change: Change): OpencodeDirectoryRecord {
  if (change.store === 'json') writeAtomically(fs, change.path, withDirectory(change.text, request.managedPath));
  return changeRecord(request, change);
}

/** What `change` makes of the session's record, as `undo` must know it. */
function changeRecord(request: AgentDirectoryRequest, change: Change): OpencodeDirectoryRecord {
  const base = {
    sessionId: request.sessionId,
    opencodeSessionId: request.agentSessionId,
    path: change.path,
    previousDirectory: change.previousDirectory,
    directory: request.managedPath,
  };
  if (change.store === 'database') return { ...base, store: 'database' };
  return { ...base, store: 'json', file: { path: change.path, ...hashBytes(Buffer.from(withDirectory(change.text, request.managedPath))) } };
}

function everyone(requests: readonly AgentDirectoryRequest[], status: ItemStatus, why: string): AgentDirectoryRun<OpencodeDirectoryRecord> {
  return { outcomes: requests.map((request) => outcome(request, status, why, notResumable(why))), records: [] };
}

function outcome(request: AgentDirectoryRequest, status: ItemStatus, reason?: string, blocker?: string): AgentDirectoryOutcome {
  const resumable = status === 'created' || status === 'already-present';
  return agentOutcome('opencode', request, status, { resumeId: resumable ? request.agentSessionId : undefined, reason, notResumable: blocker });
}
