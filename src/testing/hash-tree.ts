import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * A digest of everything under `dir`: every entry's relative path, mode and
 * mtime, plus file bytes and symlink targets (links are not followed).
 * Equal before and after an operation = the operation touched nothing.
 * A missing `dir` has its own stable digest.
 */
export function hashTree(dir: string): string {
  const hash = createHash('sha256');
  const visit = (relative: string) => {
    const full = path.join(dir, relative);
    const stats = fs.lstatSync(full);
    hash.update(`${JSON.stringify(relative)} ${stats.mode} ${stats.mtimeMs}\n`);
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
