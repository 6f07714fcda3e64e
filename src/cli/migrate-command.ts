import { defineCommand } from './command-line/command.js';
import { switchFlag, valueFlag } from './command-line/flags.js';
import { JSON_FLAG, locationFlags, locationOptions, VERBOSE_FLAG } from './location-flags.js';

export const migrateCommand = defineCommand({
  name: 'migrate',
  isDefault: true,
  summary: 'Migrate the legacy ao store into the rewrite (stop the rewrite first: `ao stop`)',
  flags: {
    dryRun: switchFlag('Show exactly what would happen; write nothing anywhere'),
    json: JSON_FLAG,
    mode: valueFlag(
      '<restorable|live>',
      "restorable (the default, and the useful mode): resume each session with `ao session restore <id>`; live: rows look running, and today's daemon terminates them at its next start",
      { choices: ['restorable', 'live'] },
    ),
    ...locationFlags('legacyRoot', 'config', 'dataDir', 'claudeDir', 'runFile'),
    noBackup: switchFlag('Do not copy ao.db to ao.db.pre-migrate-<time> before writing'),
    allowRunningLegacy: switchFlag(
      'Migrate even while legacy agents still run (their sessions are then not resumable until a re-run after they stopped)',
    ),
    verbose: VERBOSE_FLAG,
    events: valueFlag(
      '<ndjson>',
      'Also write the run as events on stderr, one JSON object per line (eventsVersion 1): progress, notes, a refusal, and last {"type":"done","exitCode":n}',
      { choices: ['ndjson'] },
    ),
  },
  examples: [
    'ao-migrate --dry-run          # see what would happen',
    'ao-migrate                    # migrate, then run the printed `ao session restore` lines',
    'ao-migrate --json | jq .counts',
    'ao-migrate --json --events ndjson 2>events.ndjson   # for installers: report on stdout, events on stderr',
  ],
  async run(flags) {
    // Loaded on demand, like every command's implementation: `--help` must not pay for zod, yaml and the core.
    const { runAndPrint } = await import('./run-migrate.js');
    await runAndPrint(
      {
        dryRun: flags.dryRun,
        mode: flags.mode ?? 'restorable',
        backup: !flags.noBackup,
        allowRunningLegacy: flags.allowRunningLegacy,
        ...locationOptions(flags),
      },
      flags,
    );
  },
});
