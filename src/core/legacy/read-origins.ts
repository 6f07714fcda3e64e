import * as path from 'node:path';
import { type FileSystem, readRegularFile } from '../effects/fs.js';
import { errorMessage } from '../error-message.js';
import type { Note } from '../note.js';
import { listStoreDir } from './list-store-dir.js';
import { isOldProjectDir } from './read-sessions.js';

/**
 * The `.origin` of every old-layout store dir (legacy-store §8): the real
 * path of the registry that owns it, by dir name. A missing, empty or
 * relative `.origin` names nothing; one that is there but cannot be read
 * (not a regular file, no permission) names nothing either, with a note.
 * The dirs' own oddities are noted when their sessions are read, not here.
 */
export function readOrigins(fs: FileSystem, legacyRoot: string, storeRealPath: string, notes: Note[]): Map<string, string> {
  const origins = new Map<string, string>();
  for (const dir of listStoreDir(fs, legacyRoot, storeRealPath, [], isOldProjectDir)) {
    if (dir.kind !== 'directory') continue;
    const file = path.join(dir.path, '.origin');
    let text: string;
    try {
      text = readRegularFile(fs, file).toString('utf8').trim();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        notes.push({
          scope: 'store',
          id: file,
          message: `${file} could not be read (${errorMessage(error)}), so it names no registry: the dir's owner is found by its name and its sessions' project alone.`,
        });
      }
      continue;
    }
    if (path.isAbsolute(text)) origins.set(dir.name, text);
  }
  return origins;
}
