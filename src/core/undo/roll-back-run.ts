import { undoCodexCopies } from '../agent-directory/codex/undo-codex-copies.js';
import { undoOpencodeDirectories } from '../agent-directory/opencode/undo-opencode-directories.js';
import type { TranscriptOutcome } from '../claude/relocate-transcript.js';
import type { FileSystem } from '../effects/fs.js';
import { errorMessage } from '../error-message.js';
import { readLedger, writeLedger } from '../ledger/ledger-file.js';
import type { LedgerRun } from '../ledger/ledger-schema.js';
import { completedRun } from '../ledger/record-run.js';
import { removeRunFiles } from './remove-files.js';

/**
 * Takes back what a run had done before a refusal stopped it (an abort, say):
 * the transcripts it copied, the changes it made to the agents' stores, and
 * its record in the ledger, so that a refusal leaves nothing behind. Returns
 * what could not be taken back, one phrase each.
 */
export function rollBackRun(
  fs: FileSystem,
  ledgerFile: string,
  run: LedgerRun,
  transcripts: readonly TranscriptOutcome[],
  claudeDir: string,
): string[] {
  const copied = completedRun(run, { backupPath: null, projects: [], sessions: [], transcripts });
  const items = [
    ...removeRunFiles(fs, copied, new Set(), { force: false, dryRun: false, claudeDir }),
    ...undoCodexCopies(run.agentDirectories?.codex ?? [], { fs }),
    ...undoOpencodeDirectories(run.agentDirectories?.opencode ?? [], { fs }),
  ];
  const left = items
    .filter((item) => item.status === 'refused' || item.status === 'failed')
    .map((item) => `${item.id} (${item.reason ?? item.status})`);
  try {
    const read = readLedger(fs, ledgerFile);
    if (read.kind === 'read') {
      const runs = read.ledger.runs.filter((entry) => entry.runId !== run.runId || left.length > 0);
      // A ledger this run started holds nothing else: it goes with the run.
      if (runs.length === 0) fs.rmSync(ledgerFile, { force: true });
      else writeLedger(fs, ledgerFile, { ...read.ledger, runs });
    }
  } catch (error) {
    left.push(`the ledger ${ledgerFile} still lists the run (${errorMessage(error)}); \`ao-migrate undo\` finds nothing of it left`);
  }
  return left;
}
