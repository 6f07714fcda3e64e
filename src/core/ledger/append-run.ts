import type { FileSystem } from '../effects/fs.js';
import { errorMessage } from '../error-message.js';
import { MigrationRefusedError } from '../errors.js';
import type { Note } from '../note.js';
import { readLedger, writeLedger } from './ledger-file.js';
import type { LedgerRun } from './ledger-schema.js';

/**
 * Records a run's intent before it writes anything. An unreadable ledger is
 * moved aside, never overwritten (it may be the only record of an earlier
 * run). A ledger that cannot be written refuses the run
 * (`LEDGER_UNWRITABLE`): nothing has been written yet, and a run that `undo`
 * could not take back is not ours to start.
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
    throw new MigrationRefusedError(
      'LEDGER_UNWRITABLE',
      `The ledger ${file} could not be written (${errorMessage(error)}); nothing was written, since \`ao-migrate undo\` could not take the run back without it. ` +
        'Make room on the disk or fix the data dir permissions, then run again.',
    );
  }
  return notes;
}

/**
 * Replaces the intent of run `run.runId` with what the run did, or drops it
 * when the run did nothing after all (every row failed, say). Never throws:
 * the run is done, and a ledger left at its intent still lets `undo` take
 * back what of it exists; the note says so.
 */
export function completeLedgerRun(fs: FileSystem, file: string, run: LedgerRun): Note[] {
  const didNothing = isEmptyRun(run);
  try {
    const existing = readLedger(fs, file);
    if (existing.kind !== 'read') throw new Error(existing.kind === 'absent' ? 'it is gone' : existing.reason);
    const runs = existing.ledger.runs.flatMap((r) => (r.runId !== run.runId ? [r] : didNothing ? [] : [run]));
    // A ledger of no run says nothing: it goes.
    if (runs.length === 0) fs.rmSync(file, { force: true });
    else writeLedger(fs, file, { ...existing.ledger, runs });
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
}

/** A run that inserted, copied and changed nothing. */
export function isEmptyRun(run: LedgerRun): boolean {
  const agents = run.agentDirectories;
  return (
    run.projects.length === 0 &&
    run.sessions.length === 0 &&
    run.transcripts.length === 0 &&
    (agents === undefined || agents.codex.length + agents.opencode.length === 0)
  );
}

/**
 * One run's record in the ledger as the run goes: `update` writes the first
 * record that holds anything (refusing the run if it cannot: see
 * `appendLedgerRun`) and replaces it afterwards; `complete` leaves what the
 * run did, or nothing when it did nothing.
 */
export function runRecord(fs: FileSystem, file: string, now: Date): { update(run: LedgerRun): Note[]; complete(run: LedgerRun): Note[] } {
  let written = false;
  return {
    update(run) {
      if (written) return completeLedgerRun(fs, file, { ...run, state: 'started' });
      if (isEmptyRun(run)) return [];
      written = true;
      return appendLedgerRun(fs, file, run, now);
    },
    complete(run) {
      if (written) return completeLedgerRun(fs, file, run);
      return isEmptyRun(run) ? [] : appendLedgerRun(fs, file, run, now);
    },
  };
}
