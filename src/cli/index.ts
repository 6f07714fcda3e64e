#!/usr/bin/env node
import { createRequire } from 'node:module';
import { cac } from 'cac';
import { registerMigrateCommand } from './migrate-command.js';
import { registerDemoCommand } from './demo-command.js';
import { registerReleaseWorktreesCommand } from './release-worktrees-command.js';
import { registerStatusCommand } from './status-command.js';
import { registerUndoCommand } from './undo-command.js';
import { EXIT } from './exit-codes.js';
import { extendHelp } from './help-sections.js';

const { version } = createRequire(import.meta.url)('../package.json') as { version: string };

const cli = cac('ao-migrate');
registerMigrateCommand(cli);
registerDemoCommand(cli);
registerStatusCommand(cli);
registerUndoCommand(cli);
registerReleaseWorktreesCommand(cli);
cli.help(extendHelp);
cli.version(version);

// A reader that stops early (`ao-migrate --json | head`) is not an error: the
// work is done before anything is printed, so leave quietly with its status.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}

async function main(): Promise<void> {
  try {
    cli.parse(process.argv, { run: false });
    if (cli.options.help || cli.options.version) return;
    await cli.runMatchedCommand();
  } catch (error) {
    if (error instanceof Error && error.name === 'CACError') {
      process.stderr.write(`ao-migrate: ${error.message}\nRun \`ao-migrate --help\` for usage.\n`);
      process.exitCode = EXIT.usage;
      return;
    }
    // A bug, not bad input: say so without a stack trace unless asked.
    process.stderr.write(`ao-migrate: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`);
    if (process.env.AO_MIGRATE_DEBUG) console.error(error);
    process.exitCode = 70;
  }
}

await main();
