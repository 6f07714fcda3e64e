import type { FileSystem } from '../effects/fs.js';
import { errorMessage } from '../error-message.js';
import { MigrationRefusedError } from '../errors.js';
import type { Note } from '../note.js';
import { readLedger, writeLedger } from './ledger-file.js';
import type { Ledger, LedgerRun } from './ledger-schema.js';

/** A run that inserted, copied and changed nothing. */
function isEmptyRun(run: LedgerRun): boolean {
  const agents = run.agentDirectories;
  return (
    run.projects.length === 0 &&
    run.sessions.length === 0 &&
    run.transcripts.length === 0 &&
    (agents === undefined || agents.codex.length + agents.opencode.length === 0)
  );
}

/**
 * One run's record in the ledger as the run goes. The caller holds the
 * database throughout, so no other run writes the ledger meanwhile: it is
 * read once, at the first record, and the earlier runs are written back
 * unchanged beside this one's each time.
 *
 * `update` writes the first record that holds anything and replaces it
 * afterwards. The first write refuses the run when it fails
 * (`LEDGER_UNWRITABLE`): nothing has been written yet, and a run that
 * `undo` could not take back is not ours to start. An unreadable ledger is
 * moved aside, never overwritten (it may be the only record of an earlier
 * run). `complete` leaves what the run did, or nothing when it did nothing;
 * it never throws, since the run is done: a ledger left at its intent still
 * lets `undo` take back what of it exists, and the note says so.
 */
export function runRecord(fs: FileSystem, file: string, now: Date): { update(run: LedgerRun): Note[]; complete(run: LedgerRun): Note[] } {
  let earlier: Ledger | undefined;

  const start = (run: LedgerRun): Note[] => {
    const notes: Note[] = [];
    try {
      const existing = readLedger(fs, file);
      if (existing.kind === 'unreadable') {
        const aside = `${file}.unreadable-${now.toISOString().replace(/:/g, '-')}`;
        fs.renameSync(file, aside);
        notes.push({ scope: 'store', id: file, message: `The ledger could not be read (${existing.reason}); it was moved to ${aside} and a new one started.` });
      }
      const ledger: Ledger = existing.kind === 'read' ? existing.ledger : { ledgerVersion: 1, runs: [] };
      writeLedger(fs, file, { ...ledger, runs: [...ledger.runs, run] });
      earlier = ledger;
    } catch (error) {
      throw new MigrationRefusedError(
        'LEDGER_UNWRITABLE',
        `The ledger ${file} could not be written (${errorMessage(error)}); nothing was written, since \`ao-migrate undo\` could not take the run back without it. ` +
          'Make room on the disk or fix the data dir permissions, then run again.',
      );
    }
    return notes;
  };

  const replace = (ledger: Ledger, run: LedgerRun): Note[] => {
    const runs = isEmptyRun(run) ? ledger.runs : [...ledger.runs, run];
    try {
      // A ledger of no run says nothing: it goes.
      if (runs.length === 0) fs.rmSync(file, { force: true });
      else writeLedger(fs, file, { ...ledger, runs });
      return [];
    } catch (error) {
      return [
        {
          scope: 'store',
          id: file,
          message: `The ledger could not be completed (${errorMessage(error)}): it still lists what this run was about to do, and \`ao-migrate undo\` takes back what of that exists.`,
        },
      ];
    }
  };

  return {
    update(run) {
      if (earlier !== undefined) return replace(earlier, { ...run, state: 'started' });
      return isEmptyRun(run) ? [] : start(run);
    },
    complete(run) {
      if (earlier !== undefined) return replace(earlier, run);
      return isEmptyRun(run) ? [] : start(run);
    },
  };
}
