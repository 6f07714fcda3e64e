import { lstatIfPresent } from '../../claude/lstat-if-present.js';
import type { SqliteDatabase } from '../../database/sqlite-driver.js';
import { nodeFileSystem, type FileSystem } from '../../effects/fs.js';
import { errorMessage } from '../../error-message.js';
import { hashFile } from '../../ledger/hash-file.js';
import type { UndoFileItem } from '../../undo/types.js';
import { holdStoreForWriting, lookIntoStore, type OpenedStore } from '../agent-database.js';
import type { CodexThreadCopyRecord, StoredRow } from '../ledger-schema.js';
import { groupBy } from '../group-by.js';

export interface AgentUndoOptions {
  /** Take back what changed since the run, too. */
  force?: boolean;
  /** Decide exactly as a real undo would, and change nothing. */
  dryRun?: boolean;
  fs?: FileSystem;
}

const FORCE_HINT = '`ao-migrate undo --force` removes it anyway';

/**
 * Removes the codex thread copies a run made: each copy's rollout and its
 * `threads` row, both or neither, and only while both are as the run left
 * them; a copy resumed in the rewrite since (its rollout grew, its row was
 * updated) is kept unless `force`. The user's threads were never written.
 * Only while codex does not have `state_5.sqlite` open. One item per copy,
 * `id` its thread id.
 */
export function undoCodexCopies(records: readonly CodexThreadCopyRecord[], options: AgentUndoOptions = {}): UndoFileItem[] {
  const fs = options.fs ?? nodeFileSystem;
  return [...groupBy(records, (record) => record.stateDb)].flatMap(([stateDb, group]) => {
    const item = (record: CodexThreadCopyRecord, status: UndoFileItem['status'], reason?: string): UndoFileItem => ({
      id: record.copyThreadId,
      sessionId: record.sessionId,
      status,
      ...(reason === undefined ? {} : { reason }),
    });
    if (lstatIfPresent(fs, stateDb) === undefined) {
      return group.map((record) => undoFileOnly(fs, record, options, item));
    }
    let store: OpenedStore | undefined;
    try {
      store = options.dryRun ? lookIntoStore(stateDb) : holdStoreForWriting(stateDb);
    } catch (error) {
      return group.map((record) => item(record, 'failed', `${stateDb} could not be opened (${errorMessage(error)}); kept`));
    }
    if (store === undefined) {
      const reason = `codex has ${stateDb} open: quit codex and stop its daemon (\`codex app-server daemon stop\`), then undo again; kept`;
      return group.map((record) => item(record, 'failed', reason));
    }
    try {
      const db = store.db;
      return group.map((record) => {
        try {
          return undoOne(fs, db, record, options, item);
        } catch (error) {
          return item(record, 'failed', `${errorMessage(error)}; kept`);
        }
      });
    } finally {
      store.close();
    }
  });
}

type MakeItem = (record: CodexThreadCopyRecord, status: UndoFileItem['status'], reason?: string) => UndoFileItem;

function undoOne(fs: FileSystem, db: SqliteDatabase, record: CodexThreadCopyRecord, options: AgentUndoOptions, item: MakeItem): UndoFileItem {
  const row = db.prepare('SELECT * FROM threads WHERE id = ?').get(record.copyThreadId) as StoredRow | undefined;
  const file = fileState(fs, record);
  if (row === undefined && file.kind === 'gone') return item(record, 'already-gone');
  const changes = [...(row === undefined ? [] : rowChanges(row, record)), ...(file.kind === 'changed' ? [file.why] : [])];
  if (file.kind === 'obstacle') return item(record, 'refused', `${file.why}; kept`);
  if (changes.length > 0 && !options.force) {
    return item(record, 'refused', `it changed since the migration (${changes.join('; ')}; resumed in the rewrite?): ${FORCE_HINT}`);
  }
  if (!options.dryRun) {
    // The row first: a rollout codex no longer indexes is inert, a row without its rollout is not.
    if (row !== undefined) db.prepare('DELETE FROM threads WHERE id = ?').run(record.copyThreadId);
    if (file.kind !== 'gone') fs.rmSync(record.rollout.path, { force: true });
  }
  return changes.length > 0 ? item(record, 'removed', `forced, despite: ${changes.join('; ')}`) : item(record, 'removed');
}

/** The state database is gone (codex reset?): the rollout alone is what is left of the copy. */
function undoFileOnly(fs: FileSystem, record: CodexThreadCopyRecord, options: AgentUndoOptions, item: MakeItem): UndoFileItem {
  try {
    const file = fileState(fs, record);
    if (file.kind === 'gone') return item(record, 'already-gone');
    if (file.kind === 'obstacle') return item(record, 'refused', `${file.why}; kept`);
    if (file.kind === 'changed' && !options.force) return item(record, 'refused', `${file.why}: ${FORCE_HINT}`);
    if (!options.dryRun) fs.rmSync(record.rollout.path, { force: true });
    return file.kind === 'changed' ? item(record, 'removed', `forced, despite: ${file.why}`) : item(record, 'removed');
  } catch (error) {
    return item(record, 'failed', `${errorMessage(error)}; kept`);
  }
}

type FileState = { kind: 'gone' | 'unchanged' } | { kind: 'changed' | 'obstacle'; why: string };

function fileState(fs: FileSystem, record: CodexThreadCopyRecord): FileState {
  const stats = lstatIfPresent(fs, record.rollout.path);
  if (stats === undefined) return { kind: 'gone' };
  if (!stats.isFile()) return { kind: 'obstacle', why: `${record.rollout.path} is no longer a regular file` };
  const now = hashFile(fs, record.rollout.path);
  if (now.sha256 === record.rollout.sha256) return { kind: 'unchanged' };
  return { kind: 'changed', why: `its rollout holds ${now.size} bytes, was ${record.rollout.size}` };
}

/** `column now X (was Y)` for each column of the copy's row that is not as the run stored it (as it planned it: those it set). */
function rowChanges(row: StoredRow, record: CodexThreadCopyRecord): string[] {
  const recorded = record.row;
  const columns = record.planned ? ['id', 'rollout_path', 'cwd'] : [...new Set([...Object.keys(row), ...Object.keys(recorded)])];
  return columns
    .filter((column) => row[column] !== recorded[column])
    .map((column) => `threads.${column} now ${JSON.stringify(row[column] ?? null)} (was ${JSON.stringify(recorded[column] ?? null)})`);
}
