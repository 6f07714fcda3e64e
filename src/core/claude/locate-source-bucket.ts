import * as path from 'node:path';
import type { FileSystem } from '../effects/fs.js';
import { claudeProjectSlug } from './project-slug.js';

export interface SourceBucket {
  /** The bucket of the legacy worktree, where Claude Code put the transcript; undefined without a worktree. */
  expected: string | undefined;
  /** The bucket that holds `<uuid>.jsonl`, when any does. */
  found: string | undefined;
  /** Further buckets that also hold it (ids should be unique, so worth telling). */
  alsoIn: string[];
}

/**
 * Finds the bucket holding `<uuid>.jsonl`: the legacy worktree's bucket
 * (slug of its realpath, of the literal path once it is gone), else any
 * bucket, since Claude Code may have seen the worktree under another path.
 * `allBuckets` lists every bucket directory; the caller caches it.
 */
export function locateSourceBucket(
  fs: FileSystem,
  projectsDir: string,
  legacyWorktree: string | undefined,
  uuid: string,
  allBuckets: () => readonly string[],
): SourceBucket {
  const fileName = `${uuid}.jsonl`;
  const expected =
    legacyWorktree === undefined ? undefined : path.join(projectsDir, claudeProjectSlug(realpathOrLiteral(fs, legacyWorktree)));
  if (expected !== undefined && isRegularFile(fs, path.join(expected, fileName))) {
    return { expected, found: expected, alsoIn: [] };
  }
  const holders = allBuckets().filter((bucket) => bucket !== expected && isRegularFile(fs, path.join(bucket, fileName)));
  return { expected, found: holders[0], alsoIn: holders.slice(1) };
}

/** Every directory under `projectsDir`, sorted so the search is deterministic; none when it does not exist. */
export function listBuckets(fs: FileSystem, projectsDir: string): string[] {
  let entries;
  try {
    entries = fs.readdirSync(projectsDir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries
    .filter((entry) => entry.isDirectory() || entry.isSymbolicLink())
    .map((entry) => entry.name)
    .sort()
    .map((name) => path.join(projectsDir, name));
}

function realpathOrLiteral(fs: FileSystem, target: string): string {
  try {
    return fs.realpathSync(target);
  } catch {
    return target;
  }
}

/** Reading through a symlink is harmless; only a regular file can be a transcript. */
function isRegularFile(fs: FileSystem, target: string): boolean {
  try {
    return fs.statSync(target).isFile();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    throw error;
  }
}
