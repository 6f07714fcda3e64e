import { type Command, defineCommand } from './command-line/command.js';
import { optionName } from './command-line/flags.js';
import { JSON_FLAG, LOCATION_FLAGS, type Location, locationOptions, VERBOSE_FLAG } from './location-flags.js';
import { migrateCommand } from './migrate-command.js';
import { releaseWorktreesCommand } from './release-worktrees-command.js';
import { statusCommand } from './status-command.js';
import { claudeConfigDir } from '../core/claude/config-dir.js';
import { targetDefaultPaths } from '../core/database/target-options.js';
import { legacyDefaultPaths } from '../core/legacy/default-paths.js';
import { escapeForTerminal } from './terminal-text.js';
import { undoCommand } from './undo-command.js';

export const demoCommand = defineCommand({
  name: 'demo',
  summary: 'Migrate a generated sample store into a fresh database in a temp dir (touches nothing of yours)',
  flags: { json: JSON_FLAG, verbose: VERBOSE_FLAG },
  examples: ['ao-migrate demo', 'ao-migrate demo --json | jq .counts'],
  async run(flags) {
    // Loaded on demand: the fixture pulls in SQLite, and the migration zod and yaml, which `--help` should not pay for.
    const [{ buildDemoWorkspace }, { runAndPrint }] = await Promise.all([import('./demo-workspace.js'), import('./run-migrate.js')]);
    const demo = buildDemoWorkspace();
    // The run looks where a user's would: codex's and opencode's stores under HOME, legacy agents on the
    // default tmux server. Here those are the demo's, whatever this shell sets.
    const environment = demoEnvironment(demo.home, demo.tmuxDir);
    for (const name of environment.unset) delete process.env[name];
    Object.assign(process.env, environment.set);
    const places = {
      legacyRoot: demo.legacyRoot,
      config: [demo.registryPath],
      dataDir: demo.dataDir,
      claudeDir: demo.claudeDir,
      runFile: demo.runFile,
    };
    const report = await runAndPrint(locationOptions(places), flags);
    if (!report || flags.json) return;
    const prefix = [
      ...(environment.unset.length === 0 ? [] : ['env', ...environment.unset.map((name) => `-u ${name}`)]),
      ...Object.entries(environment.set).map(([name, value]) => `${name}=${shellWord(value)}`),
    ].join(' ');
    // Under the demo's HOME most places are the defaults; a flag only where this shell's variables say otherwise.
    const defaults: Record<Location, string | undefined> = {
      legacyRoot: legacyDefaultPaths(process.env, demo.home).legacyRoot,
      config: undefined, // always given: a registry this shell's variables name would be read too
      dataDir: targetDefaultPaths(process.env, demo.home).dataDir,
      claudeDir: claudeConfigDir(process.env, demo.home),
      runFile: targetDefaultPaths(process.env, demo.home).runFile,
    };
    const again = (command: Command, extra: string) =>
      `  ${prefix} ${commandWords(command)}${extra} ${locationArguments(command, places, defaults)}`.trimEnd();
    const lines = [
      '',
      `Demo files (remove with \`rm -rf ${shellWord(demo.dir)}\`):`,
      `  legacy store  ${demo.legacyRoot}`,
      `  database      ${report.target.dbPath}`,
      `  claude dir    ${demo.claudeDir}`,
      'Try the other commands on them, or run the migration again (it changes nothing):',
      again(statusCommand, ''),
      again(releaseWorktreesCommand, ''),
      again(undoCommand, ' --dry-run'),
      again(migrateCommand, ''),
    ];
    process.stdout.write(`${lines.map(escapeForTerminal).join('\n')}\n`);
  },
});

/** Variables that would lead the run away from the demo's home, unset when this shell has them; HOME and TMUX_TMPDIR set to the demo's. */
function demoEnvironment(home: string, tmuxDir: string): { unset: string[]; set: Record<string, string> } {
  const leadAway = ['TMUX', 'CODEX_HOME', 'XDG_DATA_HOME', 'OPENCODE_DB'];
  return { unset: leadAway.filter((name) => process.env[name] !== undefined), set: { HOME: home, TMUX_TMPDIR: tmuxDir } };
}

function commandWords(command: Command): string {
  return command.isDefault ? 'ao-migrate' : `ao-migrate ${command.name}`;
}

/** `--legacy-root <dir> …` for each place the command takes that is not where it looks anyway, so the line is one it accepts. */
function locationArguments(command: Command, places: Record<Location, string | string[]>, defaults: Record<Location, string | undefined>): string {
  return (Object.keys(LOCATION_FLAGS) as Location[])
    .filter((location) => location in command.flags && places[location] !== defaults[location])
    .flatMap((location) => [places[location]].flat().map((place) => `${optionName(location)} ${shellWord(place)}`))
    .join(' ');
}

function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}
