import * as os from 'node:os';
import * as path from 'node:path';
import type { CAC } from 'cac';
import { MigrationRefusedError } from '../core/errors.js';
import type { ImportMode } from '../core/plan/types.js';
import { targetDefaultPaths } from '../core/target/index.js';
import { countStatuses } from '../node-api/build-report.js';
import { migrate } from '../node-api/migrate.js';
import type { MigrateOptions } from '../node-api/migrate-options.js';
import type { MigrationReport } from '../node-api/report.js';
import { EXIT, exitCodeFor } from './exit-codes.js';
import { createProgressPrinter } from './progress-printer.js';
import { renderSummary } from './render-summary.js';
import { colourWanted, createStyle } from './style.js';

/** Flags shared by the migration and the demo. */
export interface OutputFlags {
  json?: boolean;
  verbose?: boolean;
}

interface MigrateFlags extends OutputFlags {
  dryRun?: boolean;
  mode?: string;
  legacyRoot?: string;
  config?: string;
  dataDir?: string;
  claudeDir?: string;
  runFile?: string;
  backup?: boolean;
}

export function registerMigrateCommand(cli: CAC): void {
  cli
    .command('', 'Migrate the legacy ao store into the rewrite (stop the rewrite first: `ao stop`)')
    .option('--dry-run', 'Show exactly what would happen; write nothing anywhere')
    .option('--json', 'Print one JSON object (reportVersion 1) on stdout and nothing else there')
    .option('--mode <mode>', 'restorable: resume each session with `ao session restore <id>`; live: rows look running (cannot be restored)', { default: 'restorable' })
    .option('--legacy-root <dir>', 'Legacy data root (default: ~/.agent-orchestrator)')
    .option('--config <file>', 'Legacy registry (default: $AO_GLOBAL_CONFIG, $XDG_CONFIG_HOME/agent-orchestrator/config.yaml, <legacy root>/config.yaml)')
    .option('--data-dir <dir>', "The rewrite's data dir holding ao.db (default: $AO_DATA_DIR, else ~/.ao/data)")
    .option('--claude-dir <dir>', "Claude Code's config dir (default: $CLAUDE_CONFIG_DIR, else ~/.claude)")
    .option('--run-file <file>', "The rewrite daemon's run file (default: $AO_RUN_FILE, else ~/.ao/running.json)")
    .option('--no-backup', 'Do not copy ao.db to ao.db.pre-migrate-<time> before writing')
    .option('--verbose', 'Show every note, not only the first of each kind')
    .example('ao-migrate --dry-run          # see what would happen')
    .example('ao-migrate                    # migrate, then run the printed `ao session restore` lines')
    .example('ao-migrate --json | jq .counts')
    .action(async (flags: MigrateFlags) => {
      const mode = parseMode(flags.mode);
      if (!mode) {
        process.stderr.write(`ao-migrate: --mode must be restorable or live, not ${JSON.stringify(flags.mode)}\n`);
        process.exitCode = EXIT.usage;
        return;
      }
      await runAndPrint(
        {
          dryRun: flags.dryRun ?? false,
          mode,
          backup: flags.backup ?? true,
          ...definedOnly({
            legacyRoot: flags.legacyRoot,
            globalConfigPath: flags.config,
            dataDir: flags.dataDir,
            claudeDir: flags.claudeDir,
            runFile: flags.runFile,
          }),
        },
        flags,
      );
    });
}

/** Runs a migration and prints its report (or refusal) the way the flags ask; sets the exit code. */
export async function runAndPrint(options: MigrateOptions, flags: OutputFlags): Promise<MigrationReport | undefined> {
  const showProgress = !flags.json && Boolean(process.stderr.isTTY);
  let report: MigrationReport;
  try {
    report = await migrate({ ...options, ...(showProgress ? { onProgress: createProgressPrinter(process.stderr) } : {}) });
  } catch (error) {
    if (!(error instanceof MigrationRefusedError)) throw error;
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(refusalReport(options, error), null, 2)}\n`);
    } else {
      process.stderr.write(`ao-migrate: refused (${error.code}): ${error.message}\nNothing was written.\n`);
    }
    process.exitCode = EXIT.refused;
    return undefined;
  }
  if (flags.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    const style = createStyle(colourWanted(process.stdout, process.env));
    process.stdout.write(renderSummary(report, style, flags.verbose ?? false));
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
    target: { dbPath: path.join(dataDir, 'ao.db'), schemaVersion: null, backupPath: null },
    projects: [],
    sessions: [],
    transcripts: [],
    notes: [],
    counts: { projects: none, sessions: { ...none }, transcripts: { ...none } },
    refusal: { code: error.code, message: error.message },
  };
}

function parseMode(value: string | undefined): ImportMode | undefined {
  return value === 'restorable' || value === 'live' ? value : undefined;
}

function definedOnly<T extends Record<string, string | undefined>>(values: T): Partial<Record<keyof T, string>> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<Record<keyof T, string>>;
}
