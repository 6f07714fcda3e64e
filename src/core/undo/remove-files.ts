import * as path from 'node:path';
import type { FileSystem } from '../effects/fs.js';
import { removeStaleTemporaries } from '../claude/copy-atomically.js';
import { lstatIfPresent } from '../claude/lstat-if-present.js';
import { errorMessage } from '../error-message.js';
import { hashFile } from '../ledger/hash-file.js';
import type { LedgerRun, LedgerTranscript } from '../ledger/ledger-schema.js';
import type { UndoFileItem } from './types.js';

/** A Claude session id names files: anything else could climb out of the bucket. */
const SAFE_UUID = /^[A-Za-z0-9_-]+$/;

/**
 * Removes the transcript files the run copied, each only while it still
 * holds exactly what was copied (else the rewrite's resumed session may have
 * appended to it: kept unless `force`); a copy that replaced an earlier
 * run's shorter one is cut back to it. Only transcript files of the Claude
 * dir are touched (`<claude dir>/projects/<bucket>/<uuid>.jsonl` or inside
 * `<uuid>/`, no symlink on the way): anything else a ledger names is
 * `failed` and kept. The transcript of a session whose row stays is kept
 * with it. Only directories the run created are removed, once empty. A dry
 * run decides the same way and removes nothing.
 */
export function removeRunFiles(
  fs: FileSystem,
  run: LedgerRun,
  keptSessions: ReadonlySet<string>,
  { force, dryRun, claudeDir }: { force: boolean; dryRun: boolean; claudeDir: string },
): UndoFileItem[] {
  const projectsDir = path.resolve(claudeDir, 'projects');
  return run.transcripts.flatMap((transcript) => {
    const items = transcript.files.map((file): UndoFileItem => {
      const item = (status: UndoFileItem['status'], reason?: string): UndoFileItem => ({
        id: file.path,
        sessionId: transcript.sessionId,
        status,
        ...(reason === undefined ? {} : { reason }),
      });
      const foreign = notATranscriptFile(fs, transcript, file.path, projectsDir);
      if (foreign !== undefined) return item('failed', `${foreign}: it is not a transcript file this tool copies, and was kept (a hand-edited or foreign ledger?)`);
      if (keptSessions.has(transcript.sessionId)) {
        return item('refused', `its session ${transcript.sessionId} stays in the database, and the transcript stays with it`);
      }
      try {
        const stats = lstatIfPresent(fs, file.path);
        if (stats === undefined) return item('already-gone');
        if (!stats.isFile()) return item('refused', 'it is no longer a regular file');
        const now = hashFile(fs, file.path);
        const changed = now.sha256 !== file.sha256;
        if (changed && !force) {
          return item(
            'refused',
            `it changed since the migration (${now.size} bytes, was ${file.size}; the resumed session may have added to it): ` +
              '`ao-migrate undo --force` removes it anyway',
          );
        }
        if (file.replacedSize !== undefined && !changed) {
          if (!dryRun) fs.truncateSync(file.path, file.replacedSize);
          return item('removed', `cut back to the ${file.replacedSize} bytes an earlier run had copied`);
        }
        if (!dryRun) fs.rmSync(file.path, { force: true });
        return changed ? item('removed', 'forced, despite changed content') : item('removed');
      } catch (error) {
        return item('failed', `${errorMessage(error)}; it was kept`);
      }
    });
    if (!dryRun) {
      // A run killed mid-copy leaves its temp beside the file.
      for (const item of items) if (item.status !== 'failed') attempt(() => removeStaleTemporaries(fs, item.id));
      removeEmptyCreatedDirs(fs, transcript, projectsDir);
    }
    return items;
  });
}

/** Why `file` is not one of `transcript`'s own files under the Claude projects dir, or `undefined` when it is. */
function notATranscriptFile(fs: FileSystem, transcript: LedgerTranscript, file: string, projectsDir: string): string | undefined {
  const bucket = path.resolve(transcript.bucket);
  if (path.dirname(bucket) !== projectsDir) return `its bucket ${transcript.bucket} is not directly under ${projectsDir}`;
  if (!SAFE_UUID.test(transcript.uuid)) return `its session id ${JSON.stringify(transcript.uuid)} is not a plain id`;
  const relative = path.relative(bucket, path.resolve(file));
  const own = relative === `${transcript.uuid}.jsonl` || (relative.startsWith(`${transcript.uuid}${path.sep}`) && !relative.split(path.sep).includes('..'));
  if (!own || path.resolve(file) !== path.normalize(file)) return `${file} is neither ${transcript.uuid}.jsonl nor inside ${transcript.uuid}/ of ${bucket}`;
  // A symlinked directory on the way would lead the removal somewhere else.
  for (let dir = path.dirname(file); dir.length >= bucket.length; dir = path.dirname(dir)) {
    if (lstatIfPresent(fs, dir)?.isSymbolicLink()) return `${dir} is a symlink`;
    if (dir === bucket) break;
  }
  return undefined;
}

/** The run's own directories, deepest first, where they are empty now; never one outside the bucket. */
function removeEmptyCreatedDirs(fs: FileSystem, transcript: LedgerTranscript, projectsDir: string): void {
  const bucket = path.resolve(transcript.bucket);
  if (path.dirname(bucket) !== projectsDir) return;
  const ours = transcript.createdDirs
    .map((dir) => path.resolve(dir))
    .filter((dir) => dir === bucket || dir.startsWith(bucket + path.sep))
    .sort((a, b) => b.length - a.length);
  for (const dir of ours) {
    attempt(() => {
      const stats = lstatIfPresent(fs, dir);
      if (stats === undefined || !stats.isDirectory() || fs.readdirSync(dir, { withFileTypes: true }).length > 0) return;
      fs.rmSync(dir, { recursive: true });
    });
  }
}

/** Tidying up: what cannot be removed (a temp, an empty directory) stays, and does no harm. */
function attempt(tidy: () => void): void {
  try {
    tidy();
  } catch {
    // kept
  }
}
