import { defineCommand } from './command-line/command.js';
import type { Flags } from './command-line/flags.js';
import { JSON_FLAG, locationFlags, VERBOSE_FLAG } from './location-flags.js';

const FLAGS = {
  json: JSON_FLAG,
  verbose: VERBOSE_FLAG,
  ...locationFlags('legacyRoot', 'config', 'dataDir', 'claudeDir', 'runFile'),
};

export type StatusFlags = Flags<typeof FLAGS>;

export const statusCommand = defineCommand({
  name: 'status',
  summary: 'After migrating: is every session in the rewrite, and will it resume? (reads only; fine while the rewrite runs)',
  flags: FLAGS,
  examples: ['ao-migrate status', "ao-migrate status --json | jq '.sessions[] | select(.resumable | not)'"],
  async run(flags) {
    const { runStatus } = await import('./run-status.js');
    await runStatus(flags);
  },
});
