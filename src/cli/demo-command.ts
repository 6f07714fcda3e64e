import { type Command, defineCommand } from './command-line/command.js';
import { optionName } from './command-line/flags.js';
import { JSON_FLAG, LOCATION_FLAGS, type Location, locationOptions, VERBOSE_FLAG } from './location-flags.js';
import { migrateCommand } from './migrate-command.js';
import { releaseWorktreesCommand } from './release-worktrees-command.js';
import { statusCommand } from './status-command.js';
import { escapeForTerminal } from './terminal-text.js';
import { undoCommand } from './undo-command.js';

export const demoCommand = defineCommand({
  name: 'demo',
  summary: 'Migrate a generated sample store into a fresh v12 database in a temp dir (touches nothing of yours)',
  flags: { json: JSON_FLAG, verbose: VERBOSE_FLAG },
  examples: ['ao-migrate demo', 'ao-migrate demo --json | jq .counts'],
  async run(flags) {
    // Loaded on demand: the fixture pulls in SQLite, and the migration zod and yaml, which `--help` should not pay for.
    const [{ buildDemoWorkspace }, { runAndPrint }] = await Promise.all([import('./demo-workspace.js'), import('./run-migrate.js')]);
    const demo = buildDemoWorkspace();
    const places = {
      legacyRoot: demo.legacyRoot,
      config: [demo.registryPath],
      dataDir: demo.dataDir,
      claudeDir: demo.claudeDir,
      runFile: demo.runFile,
    };
    const report = await runAndPrint(locationOptions(places), flags);
    if (!report || flags.json) return;
    const again = (command: Command, extra: string) => `  ${commandWords(command)}${extra} ${locationArguments(command, places)}`;
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

function commandWords(command: Command): string {
  return command.isDefault ? 'ao-migrate' : `ao-migrate ${command.name}`;
}

/** `--legacy-root <dir> …` for each place the command takes, so the line is one it accepts. */
function locationArguments(command: Command, places: Record<Location, string | string[]>): string {
  return (Object.keys(LOCATION_FLAGS) as Location[])
    .filter((location) => location in command.flags)
    .flatMap((location) => [places[location]].flat().map((place) => `${optionName(location)} ${shellWord(place)}`))
    .join(' ');
}

function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}
