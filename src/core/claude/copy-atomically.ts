import { constants } from 'node:fs';
import * as path from 'node:path';
import type { FileSystem } from '../effects/fs.js';
import { isPidAliveBySignal } from '../database/refuse-running-daemon.js';

const TEMP_MARKER = '.ao-migrate-tmp-';

/**
 * The temp name a copy is written under before it is renamed into place:
 * beside the destination (same file system, so the rename is atomic) and
 * recognisable, so a leftover from a crash is obviously ours.
 */
export function temporaryCopyPath(destination: string): string {
  return path.join(path.dirname(destination), `.${path.basename(destination)}${TEMP_MARKER}${process.pid}`);
}

/**
 * Copies `source` to `destination` (replacing it if present) so that the
 * final name only ever holds a complete copy: kernel copy (a clone where the
 * file system supports it) to a temp name, source mtime applied, then rename.
 * The source is only read. On error the temp is removed and the error rethrown.
 */
export function copyAtomically(fs: FileSystem, source: string, destination: string): void {
  const temporary = temporaryCopyPath(destination);
  removeStaleTemporaries(fs, destination);
  // A leftover of ours from a crashed run with the same pid; EXCL below then
  // refuses to write through anything that appears at that name meanwhile.
  fs.rmSync(temporary, { force: true });
  try {
    const { mtime } = fs.statSync(source);
    fs.copyFileSync(source, temporary, constants.COPYFILE_FICLONE | constants.COPYFILE_EXCL);
    // FileStats carries no atime; the mtime is what Claude Code and users look at.
    fs.utimesSync(temporary, mtime, mtime);
    fs.renameSync(temporary, destination);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * Removes the temps of `destination` left by killed runs, so they do not pile
 * up beside the transcript (and `undo` leaves none of a killed run's). A temp
 * whose pid is alive belongs to a run going on right now (two runs at once)
 * and is left to it.
 */
export function removeStaleTemporaries(fs: FileSystem, destination: string): void {
  const prefix = `.${path.basename(destination)}${TEMP_MARKER}`;
  const dir = path.dirname(destination);
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.name.startsWith(prefix) || !entry.isFile()) continue;
    const pid = entry.name.slice(prefix.length);
    if (!/^\d+$/.test(pid) || Number(pid) === process.pid || isPidAliveBySignal(Number(pid))) continue;
    fs.rmSync(path.join(dir, entry.name), { force: true });
  }
}
