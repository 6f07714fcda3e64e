import type { FileStats, FileSystem } from '../effects/fs.js';

/** `lstat`, or `undefined` when nothing is there; other errors (EACCES, …) propagate to fail the item. */
export function lstatIfPresent(fs: FileSystem, target: string): FileStats | undefined {
  try {
    return fs.lstatSync(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
