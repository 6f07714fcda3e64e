import * as path from 'node:path';
import { realpathOrSelf, type FileSystem } from '../effects/fs.js';
import { childPath } from './child-path.js';
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
 * `bucketsListing` names the buckets that list a file name (see
 * `indexBuckets`); the caller caches it.
 */
export function locateSourceBucket(
  fs: FileSystem,
  projectsDir: string,
  legacyWorktree: string | undefined,
  uuid: string,
  bucketsListing: (fileName: string) => readonly string[],
): SourceBucket {
  const fileName = `${uuid}.jsonl`;
  const expected =
    legacyWorktree === undefined ? undefined : childPath(projectsDir, claudeProjectSlug(realpathOrSelf(fs, legacyWorktree)));
  const listing = bucketsListing(fileName);
  if (expected !== undefined && listing.includes(expected) && isRegularFile(fs, path.join(expected, fileName))) {
    return { expected, found: expected, alsoIn: [] };
  }
  const holders = listing.filter((bucket) => bucket !== expected && isRegularFile(fs, path.join(bucket, fileName)));
  return { expected, found: holders[0], alsoIn: holders.slice(1) };
}

/**
 * Which buckets list each file name, in bucket order, from one `readdir` per
 * bucket: stat-ing `<bucket>/<uuid>.jsonl` in every bucket for every missing
 * transcript costs buckets × sessions system calls (minutes for a large
 * store whose old transcripts Claude Code has pruned). Built before any copy,
 * so it lists the sources only.
 */
export function indexBuckets(fs: FileSystem, projectsDir: string): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const bucket of listBuckets(fs, projectsDir)) {
    let names: string[];
    try {
      names = fs.readdirSync(bucket, { withFileTypes: true }).map((entry) => entry.name);
    } catch (error) {
      // A dangling symlink or a file among the buckets holds no transcript.
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') continue;
      throw error;
    }
    for (const name of names) {
      const holders = index.get(name);
      if (holders === undefined) index.set(name, [bucket]);
      else holders.push(bucket);
    }
  }
  return index;
}

/** Every directory under `projectsDir`, sorted so the search is deterministic; none when it does not exist. */
function listBuckets(fs: FileSystem, projectsDir: string): string[] {
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
    .map((name) => childPath(projectsDir, name));
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
