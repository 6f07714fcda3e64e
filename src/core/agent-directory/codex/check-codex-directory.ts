import { lstatIfPresent } from '../../claude/lstat-if-present.js';
import { nodeFileSystem, type FileSystem } from '../../effects/fs.js';
import { errorMessage } from '../../error-message.js';
import { lookIntoStore, missingColumns } from '../agent-database.js';
import type { RecordedDirectory } from '../recorded-directory.js';
import { codexStateDatabase } from './codex-home.js';
import { recordedDirectories } from './rollout-lines.js';

/**
 * Where codex will resume thread `threadId` (the row's `agent_session_id`),
 * read live for `status`: the `threads` row's `cwd` and every directory its
 * rollout records. Reads only; leaves no trace.
 */
export function checkCodexDirectory(codexHome: string, threadId: string, managedPath: string, fs: FileSystem = nodeFileSystem): RecordedDirectory {
  const stateDb = codexStateDatabase(codexHome);
  if (lstatIfPresent(fs, stateDb) === undefined) return { kind: 'unknown', reason: `${stateDb} does not exist` };
  try {
    const store = lookIntoStore(stateDb);
    let row: { cwd: unknown; rollout_path: unknown } | undefined;
    try {
      if (missingColumns(store.db, 'threads', ['id', 'rollout_path', 'cwd']).length > 0) {
        return { kind: 'unknown', reason: `${stateDb} is not in the format measured with codex 0.144–0.171` };
      }
      row = store.db.prepare('SELECT cwd, rollout_path FROM threads WHERE id = ?').get(threadId) as typeof row;
    } finally {
      store.close();
    }
    if (row === undefined) return { kind: 'unknown', reason: `codex has no thread ${threadId}` };
    if (row.cwd !== managedPath) return { kind: 'elsewhere', recorded: String(row.cwd) };
    const rollout = String(row.rollout_path);
    if (lstatIfPresent(fs, rollout)?.isFile() !== true) return { kind: 'unknown', reason: `the rollout ${rollout} is gone` };
    const elsewhere = recordedDirectories(fs.readFileSync(rollout)).find((cwd) => cwd !== managedPath);
    return elsewhere === undefined ? { kind: 'managed' } : { kind: 'elsewhere', recorded: elsewhere };
  } catch (error) {
    return { kind: 'unknown', reason: errorMessage(error) };
  }
}
