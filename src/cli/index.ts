#!/usr/bin/env node
import { createRequire } from 'node:module';
import { parseCommandLine, type UsageError } from './command-line/parse-command-line.js';
import { renderCommandHelp, renderOverview } from './command-line/render-help.js';
import { COMMANDS } from './commands.js';
import { createEventStream } from './event-stream.js';
import { EXIT } from './exit-codes.js';
import { escapeForTerminal } from './terminal-text.js';

// A reader that stops early is not an error. On stdout (`ao-migrate --json |
// head`) the work is done before anything is printed there, so leave quietly
// with its status; on stderr (`--events`, progress) the run goes on to its
// end without it: leaving would cut a migration short.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});
process.stderr.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
});

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
      printUsageError(line.error, line);
      process.exitCode = EXIT.usage;
      if (line.events) createEventStream(process.stderr).emit({ type: 'done', exitCode: EXIT.usage });
      return;
    case 'run':
      try {
        await line.command.run(line.flags as never);
      } catch (error) {
        // A bug, not bad input: say so without a stack trace unless asked.
        printInternalError(error instanceof Error ? error.message : String(error), line.flags as { json?: boolean; events?: string });
        if (process.env.AO_MIGRATE_DEBUG) console.error(error);
        process.exitCode = EXIT.internal;
      }
  }
}

/**
 * Under `--json` the error is an object on stdout, as every outcome is, so a
 * script always has something to parse. Under `--events ndjson` stderr
 * holds nothing but events, so the words go to stdout.
 */
function printUsageError(error: UsageError, output: { json: boolean; events: boolean }): void {
  if (output.json) {
    const usageError = error.suggestion === undefined ? { message: error.message } : { message: error.message, suggestion: error.suggestion };
    process.stdout.write(`${JSON.stringify({ reportVersion: 1, usageError }, null, 2)}\n`);
    return;
  }
  const didYouMean = error.suggestion === undefined ? '' : `; did you mean ${error.suggestion}?`;
  const stream = output.events ? process.stdout : process.stderr;
  stream.write(escapeForTerminal(`ao-migrate: ${error.message}${didYouMean}`) + `\nRun \`${error.help}\` for usage.\n`);
}

/** As a usage error: JSON on stdout under `--json`, and never among the events. */
function printInternalError(message: string, flags: { json?: boolean; events?: string }): void {
  if (flags.json) {
    process.stdout.write(`${JSON.stringify({ reportVersion: 1, internalError: { message } }, null, 2)}\n`);
    return;
  }
  const stream = flags.events === 'ndjson' ? process.stdout : process.stderr;
  stream.write(`ao-migrate: unexpected error: ${escapeForTerminal(message)}\n`);
}

function version(): string {
  return (createRequire(import.meta.url)('../package.json') as { version: string }).version;
}

await main();
