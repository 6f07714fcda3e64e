import type { CAC } from 'cac';
import { type LocationFlags, withLocationFlags } from './location-flags.js';

export interface UndoFlags extends LocationFlags {
  json?: boolean;
  dryRun?: boolean;
  force?: boolean;
  backup?: boolean;
}

export function registerUndoCommand(cli: CAC): void {
  const command = cli
    .command('undo', 'Remove exactly what the last migration run inserted and copied (stop the rewrite first: `ao stop`)')
    .option('--dry-run', 'Show what would be removed and what kept; write, back up and remove nothing')
    .option('--force', 'Also remove what the rewrite has changed since (a restored session, an appended transcript)')
    .option('--no-backup', 'Do not copy ao.db to ao.db.pre-undo-<time> first')
    .option('--json', 'Print one JSON object (reportVersion 1) on stdout and nothing else there');
  withLocationFlags(command, ['legacyRoot', 'dataDir', 'claudeDir', 'runFile'])
    .example('ao-migrate undo --dry-run    # see what would be removed')
    .example('ao-migrate undo')
    .example('ao-migrate undo --json | jq .counts')
    .action(async (flags: UndoFlags) => {
      const { runUndo } = await import('./run-undo.js');
      await runUndo(flags);
    });
}
