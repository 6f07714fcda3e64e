import * as path from 'node:path';
import type { FileSystem } from '../effects/fs.js';
import { readRegularFile, statOrUndefined } from '../effects/fs.js';
import { writeJson } from '../write-json.js';
import { type Ledger, LedgerSchema } from './ledger-schema.js';

/** Where the ledger lives: beside the database it describes. */
export function ledgerPath(dataDir: string): string {
  return path.join(dataDir, 'legacy-migration.json');
}

export type LedgerRead =
  | { kind: 'absent' }
  | { kind: 'read'; ledger: Ledger }
  | { kind: 'unreadable'; reason: string };

/** Reads and validates the ledger; a missing file is `absent`, anything unusable is `unreadable`, never a crash. */
export function readLedger(fs: FileSystem, file: string): LedgerRead {
  if (statOrUndefined(fs, file) === undefined) return { kind: 'absent' };
  try {
    const parsed = LedgerSchema.safeParse(JSON.parse(readRegularFile(fs, file).toString('utf8')));
    if (parsed.success) return { kind: 'read', ledger: parsed.data };
    return { kind: 'unreadable', reason: `not a ledger this version of ao-migrate writes (${parsed.error.issues[0]?.message ?? 'invalid'})` };
  } catch (error) {
    return { kind: 'unreadable', reason: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Writes the ledger so that the file only ever holds a complete one, and
 * durably (a run's intent must survive a crash right after): temp beside
 * it, synced, renamed, the directory synced.
 */
export function writeLedger(fs: FileSystem, file: string, ledger: Ledger): void {
  const temporary = `${file}.ao-migrate-tmp-${process.pid}`;
  try {
    const fd = fs.openSync(temporary, 'w');
    try {
      // In pieces: a run of tens of thousands of sessions would otherwise be one string of megabytes, then as many bytes.
      writeJson(ledger, (chunk) => fs.writeSync(fd, chunk));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
  syncDirectory(fs, path.dirname(file));
}

/** Makes a rename in `dir` durable; where directories cannot be synced (some file systems), the rename stands as it is. */
function syncDirectory(fs: FileSystem, dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Not every platform can open or sync a directory.
  }
}
