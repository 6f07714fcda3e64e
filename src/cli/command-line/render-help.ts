import { type Command, commandLabel } from './command.js';
import { type FlagSpec, optionName } from './flags.js';

const WIDTH = 80;

const BEFORE_YOU_RUN = `The rewrite must have created its database, and be stopped:
  npm @aoagents/ao 0.10.x:   ao daemon once (creates ~/.ao/data/ao.db), then ao stop
  desktop app:               open it once, quit it, check \`ao status\` says stopped
Stop the legacy agents too (\`ao stop\` in the legacy tool): while one runs, the run is refused.
Then look first, and migrate:
  ao-migrate --dry-run       # what would happen; writes nothing anywhere
  ao-migrate                 # migrate (backs up ao.db first)
Resume each session in the rewrite with the printed line:
  ao session restore <id>
Nothing of ~/.agent-orchestrator or ~/.claude's existing transcripts is
ever changed, nor the legacy worktrees (but by \`release-worktrees --yes\`).
Codex's and OpenCode's own stores get their sessions' new worktree, after a
backup. Running it again changes nothing; \`ao-migrate undo\` takes a run back.`;

const EXIT_STATUS = `0   done (created, already present, or skipped by policy)
1   finished, but an item conflicted or failed (nothing was overwritten),
    or the legacy store has a problem (sessions no registry owns)
2   refused by a precondition; nothing was written
64  bad usage (with --json, {"reportVersion":1,"usageError":{...}} on stdout)
70  internal error (a bug: please report it with AO_MIGRATE_DEBUG=1 output;
    with --json, {"reportVersion":1,"internalError":{...}} on stdout)`;

/** `ao-migrate --help`: what the tool is, its commands, the default command's options, and how to start. */
export function renderOverview(commands: readonly Command[], version: string): string {
  const migrate = commands.find((command) => command.isDefault);
  const lines = [
    `ao-migrate ${version}: moves a legacy Agent Orchestrator store (~/.agent-orchestrator)`,
    "into the Go rewrite's database (~/.ao/data/ao.db), offline and safely.",
    '',
    'Usage:',
    ...(migrate ? [`  ${commandLabel(migrate)} [options]    ${migrate.name} is the default command`] : []),
    '  ao-migrate <command> [options]',
    '  ao-migrate <command> --help       the options of <command>',
    '',
    'Commands:',
    ...table(commands.map((command) => [command.name, `${command.isDefault ? '(default) ' : ''}${command.summary}`])),
  ];
  if (migrate) lines.push('', `Options of ${migrate.name}:`, ...optionLines(migrate), '', 'Examples:', ...migrate.examples.map((example) => `  ${example}`));
  lines.push('', 'Before you run:', ...indent(BEFORE_YOU_RUN), '', 'Exit status:', ...indent(EXIT_STATUS));
  return `${lines.join('\n')}\n`;
}

/** `ao-migrate <command> --help`. */
export function renderCommandHelp(command: Command): string {
  const lines = [
    `Usage: ${commandLabel(command)} [options]`,
    '',
    ...wrap(command.summary, WIDTH),
    '',
    'Options:',
    ...optionLines(command),
    '',
    'Examples:',
    ...command.examples.map((example) => `  ${example}`),
  ];
  if (command.isDefault) lines.push('', 'Exit status:', ...indent(EXIT_STATUS));
  return `${lines.join('\n')}\n`;
}

function optionLines(command: Command): string[] {
  return table([
    ...Object.entries(command.flags).map(([key, spec]) => [usage(key, spec), description(spec)] as const),
    ['-h, --help', 'Show this help'],
    ['--version', 'Print the version'],
  ]);
}

function usage(key: string, spec: FlagSpec): string {
  return spec.kind === 'switch' ? optionName(key) : `${optionName(key)} ${spec.placeholder}`;
}

function description(spec: FlagSpec): string {
  return spec.kind === 'list' ? `${spec.description} (repeatable)` : spec.description;
}

/** Two columns; the second wraps under itself. */
function table(rows: ReadonlyArray<readonly [string, string]>): string[] {
  const left = Math.max(...rows.map(([name]) => name.length)) + 4;
  return rows.flatMap(([name, text]) =>
    wrap(text, WIDTH - left).map((line, index) => `${index === 0 ? `  ${name}`.padEnd(left) : ' '.repeat(left)}${line}`),
  );
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  // A `quoted command` stays on one line.
  for (const word of text.match(/`[^`]*`\S*|\S+/g) ?? []) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  return [...lines, line];
}

function indent(block: string): string[] {
  return block.split('\n').map((line) => `  ${line}`);
}
