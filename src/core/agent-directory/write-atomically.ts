import { temporaryCopyPath } from '../claude/copy-atomically.js';
import type { FileSystem } from '../effects/fs.js';

/**
 * Writes `data` to `file` (replacing it) so that the name only ever holds a
 * complete version: a temp name beside it (same file system), then rename.
 * `mtime`, when given, is set before the rename.
 */
export function writeAtomically(fs: FileSystem, file: string, data: string | Uint8Array, mtime?: Date): void {
  const temporary = temporaryCopyPath(file);
  fs.rmSync(temporary, { force: true });
  try {
    fs.writeFileSync(temporary, data);
    if (mtime !== undefined) fs.utimesSync(temporary, mtime, mtime);
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}
