import * as os from 'node:os';
import * as path from 'node:path';
import { MigrationRefusedError } from '../core/errors.js';
import type { StatusReport } from '../core/status/types.js';
import { targetDefaultPaths } from '../core/database/target-options.js';
import { status } from '../node-api/status.js';
import { EXIT } from './exit-codes.js';
import { locationOptions } from './location-flags.js';
import { renderStatus } from './render-status.js';
import type { StatusFlags } from './status-command.js';
import { styleFor } from './style.js';
import { escapeLines } from './terminal-text.js';

/** `ao-migrate status`: the action, loaded only when the command runs (`--help` must not pay for zod, yaml and the core). */
export async function runStatus(flags: StatusFlags): Promise<void> {
  let report: StatusReport;
  try {
    report = await status(locationOptions(flags));
  } catch (error) {
    if (!(error instanceof MigrationRefusedError)) throw error;
    if (flags.json) {
      const dbPath = path.join(flags.dataDir ?? targetDefaultPaths(process.env, os.homedir()).dataDir, 'ao.db');
      const refused: StatusReport = { reportVersion: 1, dbPath, schemaVersion: null, release: null, projects: [], sessions: [], problems: [], notes: [], refusal: { code: error.code, message: error.message } };
      process.stdout.write(`${JSON.stringify(refused, null, 2)}\n`);
    } else {
      process.stderr.write(`ao-migrate status: refused (${error.code}): ${escapeLines(error.message)}\n`);
    }
    process.exitCode = EXIT.refused;
    return;
  }
  if (flags.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(renderStatus(report, styleFor(process.stdout), flags.verbose));
  const allWell = report.problems.length === 0 && report.sessions.every((s) => s.resumable) && report.projects.every((p) => p.migrated);
  process.exitCode = allWell ? EXIT.ok : EXIT.itemProblems;
}
