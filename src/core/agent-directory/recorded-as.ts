import * as path from 'node:path';
import { realpathOrSelf, type FileSystem } from '../effects/fs.js';

/**
 * The spellings under which an agent may have recorded the legacy worktree:
 * the path the legacy store kept and its realpath (agents record the
 * process's working directory, which the kernel reports resolved).
 */
export function legacySpellings(fs: FileSystem, legacyWorktree: string): Set<string> {
  const literal = path.resolve(legacyWorktree);
  return new Set([literal, realpathOrSelf(fs, literal)]);
}
