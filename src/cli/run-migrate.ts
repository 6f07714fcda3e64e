import * as os from 'node:os';
import * as path from 'node:path';
import { MigrationRefusedError } from '../core/errors.js';
import { targetDefaultPaths } from '../core/database/index.js';
import { countStatuses } from '../node-api/build-report.js';
import { migrate } from '../node-api/migrate.js';
import type { MigrateOptions } from '../node-api/migrate-options.js';
import type { MigrationReport } from '../node-api/report.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { createEventStream, type EventStream } from './event-stream.js';
import { createProgressPrinter } from './progress-printer.js';
import { renderSummary } from './render-summary.js';
import { escapesWanted, styleFor } from './style.js';
import { escapeForTerminal, escapeLines } from './terminal-text.js';
import { writeJson } from '../core/write-json.js';

/** Flags shared by the migration and the demo. */
export interface OutputFlags {
  json: boolean;
  verbose: boolean;
  /** `ndjson`: the run's events on stderr, one JSON object per line (see event-stream.ts). */
  events?: 'ndjson' | undefined;
}

/** Runs a migration and prints its report (or refusal) the way the flags ask; sets the exit code. */
export async function runAndPrint(options: MigrateOptions, flags: OutputFlags): Promise<MigrationReport | undefined> {
  const events = flags.events === 'ndjson' ? createEventStream(process.stderr) : undefined;
  try {
    const report = await runAndPrintReport(options, flags, events);
    events?.emit({ type: 'done', exitCode: Number(process.exitCode ?? 0) });
    return report;
  } catch (error) {
    events?.emit({ type: 'done', exitCode: EXIT.internal });
    throw error;
  }
}

async function runAndPrintReport(options: MigrateOptions, flags: OutputFlags, events: EventStream | undefined): Promise<MigrationReport | undefined> {
  const showProgress = events === undefined && !flags.json && escapesWanted(process.stderr, process.env);
  let report: MigrationReport;
  try {
    report = await migrate({
      ...options,
      ...(showProgress ? { onProgress: createProgressPrinter(process.stderr, options.dryRun ?? false) } : {}),
      ...(events === undefined
        ? {}
        : { onProgress: (event) => events.emit({ type: 'progress', ...event }), onNote: (note) => events.emit({ type: 'note', note }) }),
    });
  } catch (error) {
    if (!(error instanceof MigrationRefusedError)) throw error;
    events?.emit({ type: 'refusal', code: error.code, message: error.message });
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(refusalReport(options, error), null, 2)}\n`);
    } else {
      const left = error.leftBehind.length === 0 ? 'Nothing was written.' : `Could not take back: ${error.leftBehind.join('; ')}.`;
      // Under --events stderr holds nothing but events.
      const stream = events === undefined ? process.stderr : process.stdout;
      stream.write(`ao-migrate: refused (${error.code}): ${escapeLines(error.message)}\n${escapeForTerminal(left)}\n`);
    }
    process.exitCode = EXIT.refused;
    return undefined;
  }
  if (flags.json) {
    writeJson(report, (chunk) => process.stdout.write(chunk));
  } else {
    process.stdout.write(renderSummary(report, styleFor(process.stdout), flags.verbose));
  }
  process.exitCode = exitCodeFor(report);
  return report;
}

function refusalReport(options: MigrateOptions, error: MigrationRefusedError): MigrationReport {
  const none = countStatuses([]);
  const paths = targetDefaultPaths(process.env, os.homedir());
  const dataDir = options.dataDir ?? paths.dataDir;
  return {
    reportVersion: 1,
    dryRun: options.dryRun ?? false,
    mode: options.mode ?? 'restorable',
    target: { dbPath: path.join(dataDir, 'ao.db'), schemaVersion: null, release: null, backupPath: null },
    projects: [],
    sessions: [],
    transcripts: [],
    agentDirectories: [],
    problems: [],
    notes: [],
    counts: { projects: none, sessions: { ...none }, transcripts: { ...none }, agentDirectories: { ...none } },
    refusal: { code: error.code, message: error.message },
  };
}
