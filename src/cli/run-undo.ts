import * as os from 'node:os';
import * as path from 'node:path';
import { MigrationRefusedError } from '../core/errors.js';
import { ledgerPath } from '../core/ledger/ledger-file.js';
import { targetDefaultPaths } from '../core/database/target-options.js';
import { countUndoStatuses, type UndoReport } from '../core/undo/types.js';
import { undo } from '../node-api/undo.js';
import { EXIT } from './exit-codes.js';
import { locationOptions } from './location-flags.js';
import { renderUndo } from './render-undo.js';
import { styleFor } from './style.js';
import { escapeLines } from './terminal-text.js';
import type { UndoFlags } from './undo-command.js';

/** `ao-migrate undo`: the action, loaded only when the command runs (`--help` must not pay for zod, yaml and the core). */
export async function runUndo(flags: UndoFlags): Promise<void> {
  let report: UndoReport;
  try {
    report = await undo({ dryRun: flags.dryRun, force: flags.force, backup: !flags.noBackup, ...locationOptions(flags) });
  } catch (error) {
    if (!(error instanceof MigrationRefusedError)) throw error;
    if (flags.json) process.stdout.write(`${JSON.stringify(refusedReport(flags.dataDir, flags.dryRun, error), null, 2)}\n`);
    else process.stderr.write(`ao-migrate undo: refused (${error.code}): ${escapeLines(error.message)}\nNothing was removed.\n`);
    process.exitCode = EXIT.refused;
    return;
  }
  if (flags.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(renderUndo(report, styleFor(process.stdout)));
  const kept = [...report.projects, ...report.sessions, ...report.transcripts, ...report.agentDirectories].some(
    (item) => item.status === 'refused' || item.status === 'failed',
  );
  process.exitCode = kept ? EXIT.itemProblems : EXIT.ok;
}

function refusedReport(dataDirFlag: string | undefined, dryRun: boolean, error: MigrationRefusedError): UndoReport {
  const dataDir = path.resolve(dataDirFlag ?? targetDefaultPaths(process.env, os.homedir()).dataDir);
  const none = countUndoStatuses([]);
  return {
    reportVersion: 1,
    dryRun,
    target: { dbPath: path.join(dataDir, 'ao.db'), schemaVersion: null, release: null, backupPath: null },
    ledgerPath: ledgerPath(dataDir),
    run: null,
    projects: [],
    sessions: [],
    transcripts: [],
    agentDirectories: [],
    counts: { projects: none, sessions: { ...none }, transcripts: { ...none }, agentDirectories: { ...none } },
    notes: [],
    refusal: { code: error.code, message: error.message },
  };
}
