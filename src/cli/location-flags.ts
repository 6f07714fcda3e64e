import { withoutUndefined } from '../core/without-undefined.js';
import { listFlag, switchFlag, valueFlag } from './command-line/flags.js';

/**
 * The flags that say where the legacy store, the rewrite and Claude Code
 * keep their files: declared once, with the migration's wording, and taken
 * by each command that uses the place (the others reject them by name).
 */
export const LOCATION_FLAGS = {
  legacyRoot: valueFlag('<dir>', 'Legacy data root (default: ~/.agent-orchestrator)', { names: 'the legacy store' }),
  config: listFlag(
    '<file>',
    "Legacy registry to read; then only these (default: every registry the legacy tool used, and each store dir's .origin)",
    { names: 'the legacy registry' },
  ),
  dataDir: valueFlag('<dir>', "The rewrite's data dir holding ao.db (default: $AO_DATA_DIR, else ~/.ao/data)", { names: "the rewrite's data dir" }),
  claudeDir: valueFlag('<dir>', "Claude Code's config dir (default: $CLAUDE_CONFIG_DIR, else ~/.claude)", { names: "Claude Code's dir" }),
  runFile: valueFlag('<file>', "The rewrite daemon's run file (default: $AO_RUN_FILE, else ~/.ao/running.json)", { names: "the rewrite daemon's run file" }),
};

export type Location = keyof typeof LOCATION_FLAGS;

/** The location flags a command takes. */
export function locationFlags<Taken extends Location>(...taken: Taken[]): Pick<typeof LOCATION_FLAGS, Taken> {
  return Object.fromEntries(taken.map((location) => [location, LOCATION_FLAGS[location]])) as Pick<typeof LOCATION_FLAGS, Taken>;
}

export const JSON_FLAG = switchFlag('Print one JSON object (reportVersion 1) on stdout and nothing else there, also for a refusal or bad usage');
export const VERBOSE_FLAG = switchFlag('List everything, not only the first lines of each long list');

/** The location flags given, under the Node API's option names. */
export function locationOptions(flags: { [Key in Exclude<Location, 'config'>]?: string | undefined } & { config?: string[] }): {
  legacyRoot?: string;
  globalConfigPath?: string | string[];
  dataDir?: string;
  claudeDir?: string;
  runFile?: string;
} {
  return withoutUndefined({
    legacyRoot: flags.legacyRoot,
    globalConfigPath: flags.config === undefined || flags.config.length === 0 ? undefined : flags.config,
    dataDir: flags.dataDir,
    claudeDir: flags.claudeDir,
    runFile: flags.runFile,
  });
}
