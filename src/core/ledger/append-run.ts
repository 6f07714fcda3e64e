import type { FileSystem } from '../effects/fs.js';
import type { Note } from '../note.js';
import { readLedger, writeLedger } from './ledger-file.js';
import type { LedgerRun } from './ledger-schema.js';

/**
 * Appends a run to the ledger. An unreadable ledger is moved aside, never
 * overwritten (it may be the only record of an earlier run). Never throws:
 * the database is already committed, so a failure here is a note that says
 * what is lost and how to go back anyway.
 */
export function appendLedgerRun(fs: FileSystem, file: string, run: LedgerRun, now: Date): Note[] {
  const notes: Note[] = [];
  try {
    const existing = readLedger(fs, file);
    if (existing.kind === 'unreadable') {
      const aside = `${file}.unreadable-${now.toISOString().replace(/:/g, '-')}`;
      fs.renameSync(file, aside);
      notes.push({ scope: 'store', id: file, message: `The ledger could not be read (${existing.reason}); it was moved to ${aside} and a new one started.` });
    }
    const runs = existing.kind === 'read' ? existing.ledger.runs : [];
    writeLedger(fs, file, { ledgerVersion: 1, runs: [...runs, run] });
  } catch (error) {
    const backup = run.backupPath === null ? 'no backup was taken (--no-backup)' : `the backup ${run.backupPath} still restores the database`;
    notes.push({
      scope: 'store',
      id: file,
      message: `The ledger could not be written (${error instanceof Error ? error.message : String(error)}): \`ao-migrate undo\` will not know this run; ${backup}.`,
    });
  }
  return notes;
}
