import * as path from 'node:path';
import type { FileSystem } from './fs.js';

/**
 * `fs` whose `existsSync` asks once per parent directory whether that
 * parent exists, and answers `false` for every path under a missing one
 * without a system call: the legacy worktrees of a large store are
 * thousands of paths under a few directories that are mostly long gone.
 * For read-only look-ups within one run (a directory created meanwhile is
 * not seen).
 */
export function withParentExistenceCache(fs: FileSystem): FileSystem {
  const parents = new Map<string, boolean>();
  // A prototype link, not a spread: an fs whose methods live on its prototype keeps them.
  const cached: FileSystem = Object.create(fs);
  cached.existsSync = (target) => {
    const parent = path.dirname(target);
    let parentExists = parents.get(parent);
    if (parentExists === undefined) {
      parentExists = fs.existsSync(parent);
      parents.set(parent, parentExists);
    }
    return parentExists && fs.existsSync(target);
  };
  return cached;
}
