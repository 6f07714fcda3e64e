import type { CAC } from 'cac';
import { type LocationFlags, withLocationFlags } from './location-flags.js';

export interface StatusFlags extends LocationFlags {
  json?: boolean;
}

export function registerStatusCommand(cli: CAC): void {
  const command = cli
    .command('status', 'After migrating: is every session in the rewrite, and will it resume? (reads only; fine while the rewrite runs)')
    .option('--json', 'Print one JSON object (reportVersion 1) on stdout and nothing else there');
  withLocationFlags(command, ['legacyRoot', 'config', 'dataDir', 'claudeDir', 'runFile'])
    .example('ao-migrate status')
    .example('ao-migrate status --json | jq \'.sessions[] | select(.resumable | not)\'')
    .action(async (flags: StatusFlags) => {
      const { runStatus } = await import('./run-status.js');
      await runStatus(flags);
    });
}
