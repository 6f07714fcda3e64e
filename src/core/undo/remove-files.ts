import * as path from 'node:path';
import type { FileSystem } from '../effects/fs.js';
import { lstatIfPresent } from '../claude/lstat-if-present.js';
import { hashFile } from '../ledger/hash-file.js';
import type { LedgerRun } from '../ledger/ledger-schema.js';
import type { UndoFileItem } from './types.js';

/**
 * Removes the transcript files the run copied, each only while it still
 * holds exactly what was copied (else the rewrite's resumed session may have
 * appended to it: kept unless `force`). The transcript of a session whose
 * row stays is kept with it. Directories left empty are removed, up to the
 * destination bucket. A dry run decides the same way and removes nothing.
 */
export function removeRunFiles(
  fs: FileSystem,
  run: LedgerRun,
  keptSessions: ReadonlySet<string>,
  { force, dryRun }: { force: boolean; dryRun: boolean },
): UndoFileItem[] {
  return run.transcripts.flatMap((transcript) => {
    const items = transcript.files.map((file): UndoFileItem => {
      const item = (status: UndoFileItem['status'], reason?: string): UndoFileItem => ({
        id: file.path,
        sessionId: transcript.sessionId,
        status,
        ...(reason === undefined ? {} : { reason }),
      });
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
        if (!dryRun) fs.rmSync(file.path, { force: true });
        return changed ? item('removed', 'forced, despite changed content') : item('removed');
      } catch (error) {
        return item('failed', `${error instanceof Error ? error.message : String(error)}; it was kept`);
      }
    });
    if (dryRun) return items;
    for (const removed of items.filter((i) => i.status === 'removed')) pruneEmptyDirs(fs, path.dirname(removed.id), transcript.bucket);
    return items;
  });
}

/** Removes `dir` and its parents while they are empty, stopping after `top`; never above it. */
function pruneEmptyDirs(fs: FileSystem, dir: string, top: string): void {
  const relative = path.relative(top, dir);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return;
  let current = dir;
  for (;;) {
    try {
      if (fs.readdirSync(current, { withFileTypes: true }).length > 0) return;
      fs.rmSync(current, { recursive: true });
    } catch {
      return;
    }
    if (current === top) return;
    current = path.dirname(current);
  }
}
