import { lstatIfPresent } from '../../claude/lstat-if-present.js';
import type { SqliteDatabase } from '../../database/sqlite-driver.js';
import { nodeFileSystem, type FileSystem } from '../../effects/fs.js';
import { errorMessage } from '../../error-message.js';
import type { UndoFileItem } from '../../undo/types.js';
import { holdStoreForWriting, lookIntoStore, type OpenedStore } from '../agent-database.js';
import type { AgentUndoOptions } from '../codex/undo-codex-copies.js';
import { groupBy } from '../group-by.js';
import type { OpencodeDirectoryRecord } from '../ledger-schema.js';
import { writeAtomically } from '../write-atomically.js';
import { readJsonSession, withDirectory } from './json-session-file.js';

const FORCE_HINT = '`ao-migrate undo --force` puts the old directory back anyway';

/**
 * Puts back the directory each OpenCode session had before the run — in
 * `opencode.db` (only while opencode does not have it open) and in JSON
 * session files — while it is still the one the run set; a directory
 * changed since is kept unless `force`. `removed` means the run's change
 * was taken back. One item per record, `id` the database or file.
 */
export function undoOpencodeDirectories(records: readonly OpencodeDirectoryRecord[], options: AgentUndoOptions = {}): UndoFileItem[] {
  const fs = options.fs ?? nodeFileSystem;
  return [...groupBy(records, (record) => `${record.store}:${record.path}`)].flatMap(([, group]) => {
    const first = group[0]!;
    if (first.store === 'json') return group.map((record) => attempt(record, () => undoJson(fs, record, options)));
    if (lstatIfPresent(fs, first.path) === undefined) return group.map((record) => item(record, 'already-gone', `${record.path} is gone`));
    let store: OpenedStore | undefined;
    try {
      store = options.dryRun ? lookIntoStore(first.path) : holdStoreForWriting(first.path);
    } catch (error) {
      return group.map((record) => item(record, 'failed', `${record.path} could not be opened (${errorMessage(error)}); kept`));
    }
    if (store === undefined) {
      return group.map((record) => item(record, 'failed', `opencode has ${record.path} open: quit it, then undo again; kept`));
    }
    try {
      const db = store.db;
      return group.map((record) => attempt(record, () => undoRow(db, record, options)));
    } finally {
      store.close();
    }
  });
}

function undoRow(db: SqliteDatabase, record: OpencodeDirectoryRecord, options: AgentUndoOptions): UndoFileItem {
  const row = db.prepare('SELECT directory FROM session WHERE id = ?').get(record.opencodeSessionId) as { directory: unknown } | undefined;
  if (row === undefined) return item(record, 'already-gone', `opencode no longer has session ${record.opencodeSessionId}`);
  return restore(record, row.directory, options, () =>
    db.prepare('UPDATE session SET directory = ? WHERE id = ?').run(record.previousDirectory, record.opencodeSessionId),
  );
}

function undoJson(fs: FileSystem, record: OpencodeDirectoryRecord, options: AgentUndoOptions): UndoFileItem {
  if (lstatIfPresent(fs, record.path)?.isFile() !== true) return item(record, 'already-gone', `${record.path} is gone`);
  const session = readJsonSession(fs, record.path, record.opencodeSessionId);
  if (session.kind === 'unmeasured') return item(record, 'refused', `${session.why}; kept`);
  return restore(record, session.directory, options, () => writeAtomically(fs, record.path, withDirectory(session.text, record.previousDirectory)));
}

/** Puts `previousDirectory` back where the directory is still the run's (or with `force`). */
function restore(record: OpencodeDirectoryRecord, now: unknown, options: AgentUndoOptions, write: () => void): UndoFileItem {
  if (now === record.previousDirectory) return item(record, 'already-gone', 'the directory is already the one it had before the migration');
  const changed = now !== record.directory;
  if (changed && !options.force) {
    return item(record, 'refused', `its directory is now ${JSON.stringify(now)}, not ${JSON.stringify(record.directory)} as the migration left it: ${FORCE_HINT}`);
  }
  if (!options.dryRun) write();
  return changed ? item(record, 'removed', `forced, despite the directory now being ${JSON.stringify(now)}`) : item(record, 'removed');
}

function attempt(record: OpencodeDirectoryRecord, work: () => UndoFileItem): UndoFileItem {
  try {
    return work();
  } catch (error) {
    return item(record, 'failed', `${errorMessage(error)}; kept`);
  }
}

function item(record: OpencodeDirectoryRecord, status: UndoFileItem['status'], reason?: string): UndoFileItem {
  return { id: record.path, sessionId: record.sessionId, status, ...(reason === undefined ? {} : { reason }) };
}
