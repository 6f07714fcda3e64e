import type { Command } from 'cac';
import { withoutUndefined } from '../core/without-undefined.js';

/** The flags that say where the legacy store, the rewrite and Claude Code keep their files (as for the migration). */
export interface LocationFlags {
  legacyRoot?: string;
  /** cac collects a repeated `--config` into an array. */
  config?: string | string[];
  dataDir?: string;
  claudeDir?: string;
  runFile?: string;
}

type Location = keyof LocationFlags;

const DESCRIPTIONS: Record<Location, [flag: string, description: string]> = {
  legacyRoot: ['--legacy-root <dir>', 'Legacy data root (default: ~/.agent-orchestrator)'],
  config: ['--config <file>', 'Legacy registry to read, repeatable; then only these (default: every registry legacy used, and each store dir\'s .origin)'],
  dataDir: ['--data-dir <dir>', "The rewrite's data dir holding ao.db (default: $AO_DATA_DIR, else ~/.ao/data)"],
  claudeDir: ['--claude-dir <dir>', "Claude Code's config dir (default: $CLAUDE_CONFIG_DIR, else ~/.claude)"],
  runFile: ['--run-file <file>', "The rewrite daemon's run file (default: $AO_RUN_FILE, else ~/.ao/running.json)"],
};

/** Adds the given location flags to a command, with the migration's wording. */
export function withLocationFlags(command: Command, locations: readonly Location[]): Command {
  for (const location of locations) command.option(...DESCRIPTIONS[location]);
  return command;
}

/** The flags given, under the Node API's option names. */
export function locationOptions(flags: LocationFlags): {
  legacyRoot?: string;
  globalConfigPath?: string | string[];
  dataDir?: string;
  claudeDir?: string;
  runFile?: string;
} {
  return withoutUndefined({
    legacyRoot: flags.legacyRoot,
    globalConfigPath: flags.config,
    dataDir: flags.dataDir,
    claudeDir: flags.claudeDir,
    runFile: flags.runFile,
  });
}
