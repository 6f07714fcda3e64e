import * as path from 'node:path';
import { realpathOrSelf, type FileSystem } from '../effects/fs.js';
import { childPath } from './child-path.js';
import { isSameOrInside } from '../database/refuse-suspicious-data-dir.js';
import { errorMessage } from '../error-message.js';
import { claudeProjectSlug } from './project-slug.js';

export interface SourceBucket {
  /** The bucket of the legacy worktree, where Claude Code put the transcript; undefined without a worktree. */
  expected: string | undefined;
  /** The bucket that holds `<uuid>.jsonl`, when any does. */
  found: string | undefined;
  /** Further buckets that also hold it (ids should be unique, so worth telling). */
  alsoIn: string[];
  /** Set when the only `<uuid>.jsonl` found may not be copied (not a regular file, a symlink leading out of the Claude projects dir): why. */
  refused?: string;
}

/** The buckets that list each file name (see `indexBuckets`), and the buckets that could not be read. */
export interface BucketIndex {
  holders: Map<string, string[]>;
  unreadable: { bucket: string; reason: string }[];
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
  const refusals: string[] = [];
  const copyable = (bucket: string) => {
    const state = sourceFileState(fs, path.join(bucket, fileName), projectsDir);
    if (state !== 'regular' && state !== 'absent') refusals.push(state.refused);
    return state === 'regular';
  };
  if (expected !== undefined && listing.includes(expected) && copyable(expected)) {
    return { expected, found: expected, alsoIn: [] };
  }
  const holders = listing.filter((bucket) => bucket !== expected && copyable(bucket));
  const found: SourceBucket = { expected, found: holders[0], alsoIn: holders.slice(1) };
  return holders.length === 0 && refusals.length > 0 ? { ...found, refused: refusals.join('; ') } : found;
}

/**
 * Which buckets list each file name, in bucket order, from one `readdir` per
 * bucket: stat-ing `<bucket>/<uuid>.jsonl` in every bucket for every missing
 * transcript costs buckets × sessions system calls (minutes for a large
 * store whose old transcripts Claude Code has pruned). Built before any copy,
 * so it lists the sources only.
 */
export function indexBuckets(fs: FileSystem, projectsDir: string): BucketIndex {
  const index: BucketIndex = { holders: new Map(), unreadable: [] };
  for (const bucket of listBuckets(fs, projectsDir)) {
    let names: string[];
    try {
      names = fs.readdirSync(bucket, { withFileTypes: true }).map((entry) => entry.name);
    } catch (error) {
      // A dangling symlink or a file among the buckets holds no transcript.
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') continue;
      // One bucket nobody may read (made by `sudo claude`, say) costs its own transcripts, not everyone's.
      index.unreadable.push({ bucket, reason: errorMessage(error) });
      continue;
    }
    for (const name of names) {
      const holders = index.holders.get(name);
      if (holders === undefined) index.holders.set(name, [bucket]);
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

/**
 * Only a regular file can be a transcript. A symlinked one is read only when
 * it leads to a file inside the Claude projects dir: one leading anywhere
 * else (a secret file, say) would have its content copied into the Claude dir.
 */
function sourceFileState(fs: FileSystem, file: string, projectsDir: string): 'regular' | 'absent' | { refused: string } {
  try {
    if (fs.lstatSync(file).isSymbolicLink()) {
      const target = fs.realpathSync(file);
      if (!isSameOrInside(target, realpathOrSelf(fs, projectsDir))) {
        return { refused: `${file} is a symlink to ${target}, outside ${projectsDir}; it is not copied` };
      }
    }
    // A FIFO there would hang the copy; saying so beats "not found".
    return fs.statSync(file).isFile() ? 'regular' : { refused: `${file} is not a regular file; it is not copied` };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'absent';
    throw error;
  }
}
