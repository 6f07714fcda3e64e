import type { CAC } from 'cac';
import type { ImportMode } from '../core/plan/types.js';
import { EXIT } from './exit-codes.js';
import { locationOptions, withLocationFlags, type LocationFlags } from './location-flags.js';
import type { OutputFlags } from './run-migrate.js';

interface MigrateFlags extends OutputFlags, LocationFlags {
  dryRun?: boolean;
  mode?: string;
  backup?: boolean;
  allowRunningLegacy?: boolean;
}

export function registerMigrateCommand(cli: CAC): void {
  const command = cli
    .command('', 'Migrate the legacy ao store into the rewrite (stop the rewrite first: `ao stop`)')
    .option('--dry-run', 'Show exactly what would happen; write nothing anywhere')
    .option('--json', 'Print one JSON object (reportVersion 1) on stdout and nothing else there')
    .option(
      '--mode <mode>',
      "restorable (the useful mode): resume each session with `ao session restore <id>`; live: rows look running, and today's daemon terminates them at its next start",
      { default: 'restorable' },
    );
  withLocationFlags(command, ['legacyRoot', 'config', 'dataDir', 'claudeDir', 'runFile'])
    .option('--no-backup', 'Do not copy ao.db to ao.db.pre-migrate-<time> before writing')
    .option(
      '--allow-running-legacy',
      'Migrate even while legacy agents still run (their sessions are then not resumable until a re-run after they stopped)',
    )
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
      // Loaded on demand, like every command's implementation: `--help` must not pay for zod, yaml and the core.
      const { runAndPrint } = await import('./run-migrate.js');
      await runAndPrint(
        {
          dryRun: flags.dryRun ?? false,
          mode,
          backup: flags.backup ?? true,
          allowRunningLegacy: flags.allowRunningLegacy ?? false,
          ...locationOptions(flags),
        },
        flags,
      );
    });
}

function parseMode(value: string | undefined): ImportMode | undefined {
  return value === 'restorable' || value === 'live' ? value : undefined;
}
