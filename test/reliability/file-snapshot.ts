import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Every entry under `root`, symlinks not followed: path → what it is (content hash, link target, or dir). */
export type FileSnapshot = Map<string, string>;

export function snapshotFiles(root: string): FileSnapshot {
  const snapshot: FileSnapshot = new Map();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isSymbolicLink()) snapshot.set(full, `link → ${fs.readlinkSync(full)}`);
      else if (entry.isDirectory()) {
        snapshot.set(full, 'dir');
        walk(full);
      } else snapshot.set(full, `file ${createHash('sha256').update(fs.readFileSync(full)).digest('hex')}`);
    }
  };
  walk(root);
  return snapshot;
}

/** Paths added, changed or removed between two snapshots. */
export function changedPaths(before: FileSnapshot, after: FileSnapshot): string[] {
  const changed = new Set<string>();
  for (const [file, what] of after) if (before.get(file) !== what) changed.add(file);
  for (const file of before.keys()) if (!after.has(file)) changed.add(file);
  return [...changed].sort();
}
