import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * A digest of everything under `dir`: every entry's relative path, mode and
 * mtime, plus file bytes and symlink targets (links are not followed).
 * Equal before and after an operation = the operation touched nothing.
 * A missing `dir` has its own stable digest.
 *
 * `ignoreDirectoryMtimes` leaves out directories' mtimes: SQLite creates and
 * removes its `-wal`/`-shm` files beside a database it merely opens, which
 * changes nothing but the directory's mtime.
 */
export function hashTree(dir: string, options: { ignoreDirectoryMtimes?: boolean } = {}): string {
  const hash = createHash('sha256');
  const visit = (relative: string) => {
    const full = path.join(dir, relative);
    const stats = fs.lstatSync(full);
    const mtime = stats.isDirectory() && options.ignoreDirectoryMtimes ? '-' : stats.mtimeMs;
    hash.update(`${JSON.stringify(relative)} ${stats.mode} ${mtime}\n`);
    if (stats.isSymbolicLink()) {
      hash.update(`-> ${fs.readlinkSync(full)}\n`);
    } else if (stats.isFile()) {
      hash.update(createHash('sha256').update(fs.readFileSync(full)).digest('hex'));
    } else if (stats.isDirectory()) {
      for (const name of fs.readdirSync(full).sort()) visit(path.join(relative, name));
    }
  };
  if (fs.existsSync(dir)) visit('');
  else hash.update('(absent)');
  return hash.digest('hex');
}
