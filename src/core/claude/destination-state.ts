import * as path from 'node:path';
import type { FileSystem } from '../effects/fs.js';
import { lstatIfPresent } from './lstat-if-present.js';

/**
 * What stands at a destination file inside a bucket: nothing yet, a regular
 * file to compare with, or something the migration will not write through.
 */
export type DestinationState = { kind: 'absent' } | { kind: 'file' } | { kind: 'obstacle'; reason: string };

/**
 * Looks at `<bucket>/<relative>` without following symlinks, from the bucket
 * down: a symlinked bucket or directory could lead the copy anywhere outside
 * the Claude dir, and a symlinked file would be written through.
 */
export function destinationState(fs: FileSystem, bucket: string, relative: string): DestinationState {
  let current = bucket;
  for (const part of relative.split(path.sep)) {
    const stats = lstatIfPresent(fs, current);
    if (stats === undefined) return { kind: 'absent' };
    // lstat: a symlink to a directory is not a directory here.
    if (!stats.isDirectory()) return { kind: 'obstacle', reason: `${current} is not a plain directory` };
    current = path.join(current, part);
  }
  const stats = lstatIfPresent(fs, current);
  if (stats === undefined) return { kind: 'absent' };
  return stats.isFile() ? { kind: 'file' } : { kind: 'obstacle', reason: `${current} is not a regular file` };
}
