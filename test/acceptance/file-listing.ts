import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Every entry under `dir` (directories included, links not followed), by
 * absolute path, with what identifies its state: kind, mode, and for files
 * the content digest and mtime. Directory mtimes are left out: SQLite's
 * `-wal`/`-shm` come and go beside a database it opens.
 */
export function listTree(dir: string): Map<string, string> {
  const entries = new Map<string, string>();
  const visit = (full: string) => {
    const stats = fs.lstatSync(full);
    if (stats.isDirectory()) {
      entries.set(full, `dir ${stats.mode}`);
      for (const name of fs.readdirSync(full)) visit(path.join(full, name));
    } else if (stats.isSymbolicLink()) {
      entries.set(full, `link ${fs.readlinkSync(full)}`);
    } else {
      const digest = createHash('sha256').update(fs.readFileSync(full)).digest('hex');
      entries.set(full, `file ${stats.mode} ${stats.mtimeMs} ${digest}`);
    }
  };
  visit(dir);
  return entries;
}

/** What changed between two listings, each list sorted. */
export function diffTrees(before: Map<string, string>, after: Map<string, string>) {
  const added = [...after.keys()].filter((p) => !before.has(p)).sort();
  const removed = [...before.keys()].filter((p) => !after.has(p)).sort();
  const changed = [...after.keys()].filter((p) => before.has(p) && before.get(p) !== after.get(p)).sort();
  return { added, removed, changed };
}
