import { defineCommand } from './command-line/command.js';
import { type Flags, switchFlag } from './command-line/flags.js';
import { JSON_FLAG, locationFlags } from './location-flags.js';

const FLAGS = {
  dryRun: switchFlag('Show what would be removed and what kept; write, back up and remove nothing'),
  force: switchFlag('Also remove what the rewrite has changed since (a restored session, an appended transcript)'),
  noBackup: switchFlag('Do not copy ao.db to ao.db.pre-undo-<time> first'),
  json: JSON_FLAG,
  // Not --config: undo reads no registry. --claude-dir: only transcript files under it are removed.
  ...locationFlags('legacyRoot', 'dataDir', 'claudeDir', 'runFile'),
};

export type UndoFlags = Flags<typeof FLAGS>;

export const undoCommand = defineCommand({
  name: 'undo',
  summary: 'Remove exactly what the last migration run inserted and copied (stop the rewrite first: `ao stop`)',
  flags: FLAGS,
  examples: ['ao-migrate undo --dry-run    # see what would be removed', 'ao-migrate undo', 'ao-migrate undo --json | jq .counts'],
  async run(flags) {
    const { runUndo } = await import('./run-undo.js');
    await runUndo(flags);
  },
});
