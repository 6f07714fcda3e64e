#!/usr/bin/env node
import { createRequire } from 'node:module';
import { parseCommandLine, type UsageError } from './command-line/parse-command-line.js';
import { renderCommandHelp, renderOverview } from './command-line/render-help.js';
import { COMMANDS } from './commands.js';
import { EXIT } from './exit-codes.js';
import { escapeForTerminal } from './terminal-text.js';

// A reader that stops early (`ao-migrate --json | head`) is not an error: the
// work is done before anything is printed, so leave quietly with its status.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}

async function main(): Promise<void> {
  const line = parseCommandLine(process.argv.slice(2), COMMANDS);
  switch (line.kind) {
    case 'help':
      process.stdout.write(line.command ? renderCommandHelp(line.command) : renderOverview(COMMANDS, version()));
      return;
    case 'version':
      process.stdout.write(`ao-migrate ${version()}\n`);
      return;
    case 'usage-error':
      printUsageError(line.error, line.json);
      process.exitCode = EXIT.usage;
      return;
    case 'run':
      try {
        await line.command.run(line.flags as never);
      } catch (error) {
        // A bug, not bad input: say so without a stack trace unless asked.
        process.stderr.write(`ao-migrate: unexpected error: ${escapeForTerminal(error instanceof Error ? error.message : String(error))}\n`);
        if (process.env.AO_MIGRATE_DEBUG) console.error(error);
        process.exitCode = 70;
      }
  }
}

/** Under `--json` the error is an object on stdout, as every outcome is, so a script always has something to parse. */
function printUsageError(error: UsageError, json: boolean): void {
  if (json) {
    const usageError = error.suggestion === undefined ? { message: error.message } : { message: error.message, suggestion: error.suggestion };
    process.stdout.write(`${JSON.stringify({ reportVersion: 1, usageError }, null, 2)}\n`);
    return;
  }
  const didYouMean = error.suggestion === undefined ? '' : `; did you mean ${error.suggestion}?`;
  process.stderr.write(escapeForTerminal(`ao-migrate: ${error.message}${didYouMean}`) + `\nRun \`${error.help}\` for usage.\n`);
}

function version(): string {
  return (createRequire(import.meta.url)('../package.json') as { version: string }).version;
}

await main();
