import * as path from 'node:path';
import { type FileSystem, readRegularFile } from '../effects/fs.js';
import { listStoreDir } from './list-store-dir.js';
import { isOldProjectDir } from './read-sessions.js';

/**
 * The `.origin` of every old-layout store dir (legacy-store §8): the real
 * path of the registry that owns it, by dir name. A missing, empty or
 * relative `.origin` names nothing. The dirs' own oddities are noted when
 * their sessions are read, not here.
 */
export function readOrigins(fs: FileSystem, legacyRoot: string, storeRealPath: string): Map<string, string> {
  const origins = new Map<string, string>();
  for (const dir of listStoreDir(fs, legacyRoot, storeRealPath, [], isOldProjectDir)) {
    if (dir.kind !== 'directory') continue;
    let text: string;
    try {
      text = readRegularFile(fs, path.join(dir.path, '.origin')).toString('utf8').trim();
    } catch {
      continue;
    }
    if (path.isAbsolute(text)) origins.set(dir.name, text);
  }
  return origins;
}
