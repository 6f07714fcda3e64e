import * as path from 'node:path';
import type { FileSystem } from './fs.js';

/**
 * Resolves symlinks the way the daemon does for its data dir: realpath of
 * the longest ancestor that exists, with the rest appended literally.
 */
export function resolveExistingAncestor(fs: FileSystem, target: string): string {
  const absolute = path.resolve(target);
  const missing: string[] = [];
  let current = absolute;
  for (;;) {
    try {
      const real = fs.realpathSync(current);
      return missing.length === 0 ? real : path.join(real, ...missing.reverse());
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return absolute;
      missing.push(path.basename(current));
      current = parent;
    }
  }
}
