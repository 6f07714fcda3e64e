import { lstatIfPresent } from '../../claude/lstat-if-present.js';
import { nodeFileSystem, type FileSystem } from '../../effects/fs.js';
import { errorMessage } from '../../error-message.js';
import { lookIntoStore, missingColumns } from '../agent-database.js';
import type { RecordedDirectory } from '../recorded-directory.js';
import { findJsonSessionFiles, readJsonSession } from './json-session-file.js';
import { opencodeJsonSessionsDir } from './opencode-paths.js';

/**
 * Where opencode will run session `sessionId`, read live for `status`:
 * `session.directory` in its database, else in the older JSON storage.
 * Reads only; leaves no trace.
 */
export function checkOpencodeDirectory(
  dataDir: string,
  database: string | undefined,
  sessionId: string,
  managedPath: string,
  fs: FileSystem = nodeFileSystem,
): RecordedDirectory {
  try {
    const recorded: string[] = [];
    if (database !== undefined && lstatIfPresent(fs, database)?.isFile() === true) {
      const store = lookIntoStore(database);
      try {
        if (missingColumns(store.db, 'session', ['id', 'directory']).length > 0) {
          return { kind: 'unknown', reason: `${database} is not in the format measured with opencode 1.18` };
        }
        const row = store.db.prepare('SELECT directory FROM session WHERE id = ?').get(sessionId) as { directory: unknown } | undefined;
        if (row !== undefined) recorded.push(String(row.directory));
      } finally {
        store.close();
      }
    }
    for (const file of findJsonSessionFiles(fs, opencodeJsonSessionsDir(dataDir), sessionId)) {
      const session = readJsonSession(fs, file, sessionId);
      if (session.kind === 'unmeasured') return { kind: 'unknown', reason: session.why };
      recorded.push(session.directory);
    }
    if (recorded.length === 0) return { kind: 'unknown', reason: `opencode has no session ${sessionId}` };
    const elsewhere = recorded.find((directory) => directory !== managedPath);
    return elsewhere === undefined ? { kind: 'managed' } : { kind: 'elsewhere', recorded: elsewhere };
  } catch (error) {
    return { kind: 'unknown', reason: errorMessage(error) };
  }
}
