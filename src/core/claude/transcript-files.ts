import * as path from 'node:path';
import type { FileSystem } from '../effects/fs.js';
import { lstatIfPresent } from './lstat-if-present.js';

export interface TranscriptFiles {
  /**
   * Paths relative to the bucket: the companion directory's regular files
   * first, `<uuid>.jsonl` last, so that a run cut short leaves the main file
   * absent and a re-run completes the transcript.
   */
  files: string[];
  /** Entries of the companion directory that are not regular files or directories; not copied. */
  ignored: string[];
}

/** The files of transcript `uuid` in `bucket`: `<uuid>.jsonl` and, recursively, `<uuid>/`. */
export function listTranscriptFiles(fs: FileSystem, bucket: string, uuid: string): TranscriptFiles {
  const files: string[] = [];
  const ignored: string[] = [];
  const companion = path.join(bucket, uuid);
  const companionStats = lstatIfPresent(fs, companion);
  if (companionStats?.isDirectory()) collect(fs, bucket, uuid, files, ignored);
  else if (companionStats !== undefined) ignored.push(uuid);
  files.push(`${uuid}.jsonl`);
  return { files, ignored };
}

function collect(fs: FileSystem, bucket: string, relativeDir: string, files: string[], ignored: string[]): void {
  const entries = fs.readdirSync(path.join(bucket, relativeDir), { withFileTypes: true });
  for (const entry of [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const relative = path.join(relativeDir, entry.name);
    if (entry.isDirectory()) collect(fs, bucket, relative, files, ignored);
    else if (entry.isFile()) files.push(relative);
    else ignored.push(relative);
  }
}

