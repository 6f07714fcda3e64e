import { parseArgs } from 'node:util';
import { withoutUndefined } from '../../core/without-undefined.js';
import type { Command } from './command.js';
import { type FlagSpec, optionName } from './flags.js';
import { closest } from './suggest.js';

/** What the command line asks for. */
export type CommandLine =
  | { kind: 'run'; command: Command; flags: Record<string, unknown> }
  /** `command` undefined: the overview (`ao-migrate --help`). */
  | { kind: 'help'; command: Command | undefined }
  | { kind: 'version' }
  | { kind: 'usage-error'; error: UsageError; json: boolean; events: boolean };

export interface UsageError {
  /** What is wrong, naming what was typed exactly as typed. */
  message: string;
  /** What was probably meant (`--data-dir`, `status`). */
  suggestion?: string;
  /** The help to read: `ao-migrate undo --help`. */
  help: string;
}

type OptionToken = { kind: 'option'; name: string; rawName: string; index: number; value?: string | undefined; inlineValue?: boolean | undefined };
type PositionalToken = { kind: 'positional'; index: number; value: string };
type Token = OptionToken | PositionalToken | { kind: 'option-terminator'; index: number };

const HELP = '--help';
const VERSION = '--version';

/**
 * Reads `args` against the commands' declared flags. `parseArgs` only splits
 * the words (`--a=b`, `-h`, `--`); every rule is checked here, so each error
 * names what was typed: unknown commands and options (with the closest
 * match), a flag the command does not use, a switch given a value, a value
 * flag without one or given twice, a value not among the choices.
 */
export function parseCommandLine(args: readonly string[], commands: readonly Command[]): CommandLine {
  const optionKinds = declaredOptions(commands);
  const { tokens } = parseArgs({
    args: [...args],
    options: {
      ...Object.fromEntries([...optionKinds].map(([name, kind]) => [name.slice(2), { type: kind === 'switch' ? 'boolean' : 'string' } as const])),
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean' },
    },
    strict: false,
    allowPositionals: true,
    tokens: true,
  }) as { tokens: Token[] };
  const options = tokens.filter((token): token is OptionToken => token.kind === 'option');
  const outcome = chooseCommand(tokens, options, commands, optionKinds);
  // `--data-dir --json` (an empty $DIR unquoted) asked for JSON too.
  const json = options.some((token) => token.name === 'json' || (token.value === '--json' && !token.inlineValue));
  // A parent that asked for events gets its `done` even for a command line it got wrong.
  const events = options.some((token) => token.name === 'events' && token.value === 'ndjson');
  if ('message' in outcome) return { kind: 'usage-error', error: outcome, json, events };
  return outcome;
}

type Outcome = Exclude<CommandLine, { kind: 'usage-error' }> | UsageError;

/** The first word that is not an option names the command; none means the default one. */
function chooseCommand(tokens: Token[], options: OptionToken[], commands: readonly Command[], optionKinds: Map<string, FlagSpec['kind']>): Outcome {
  const defaultCommand = commands.find((command) => command.isDefault);
  if (!defaultCommand) throw new Error('parseCommandLine: no default command');
  const terminator = tokens.find((token) => token.kind === 'option-terminator')?.index ?? Number.POSITIVE_INFINITY;
  const words = tokens.filter((token): token is PositionalToken => token.kind === 'positional' && token.index < terminator);
  const [first, second] = words;
  if (!first) return options.some((token) => token.name === 'help') ? { kind: 'help', command: undefined } : readFlags(tokens, defaultCommand, commands, optionKinds);
  if (first.value === 'help') {
    // `ao-migrate help [command]`, as many tools have it.
    if (!second) return { kind: 'help', command: undefined };
    const topic = named(second, commands);
    return 'message' in topic ? topic : { kind: 'help', command: topic };
  }
  const command = named(first, commands);
  if ('message' in command) {
    // `ao-migrate --dataDir /x`: the unknown option, not its would-be value, is the mistake.
    const unknown = options.find((token) => token.index < first.index && !optionKinds.has(token.rawName) && !isGlobal(token));
    return unknown ? unknownOption(unknown, defaultCommand) : command;
  }
  if (options.some((token) => token.name === 'help')) return { kind: 'help', command };
  return readFlags(tokens.filter((token) => token !== first), command, commands, optionKinds);
}

function named(word: PositionalToken, commands: readonly Command[]): Command | UsageError {
  const names = commands.map((command) => command.name);
  return (
    commands.find((command) => command.name === word.value) ??
    usageError('ao-migrate --help', `unknown command "${word.value}" (commands: ${names.join(', ')})`, closest(word.value, names))
  );
}

/** The command's flags from every other word: the values `run` gets, or the first thing wrong, in the order typed. */
function readFlags(tokens: Token[], command: Command, commands: readonly Command[], optionKinds: Map<string, FlagSpec['kind']>): Outcome {
  if (tokens.some((token) => token.kind === 'option' && token.name === 'version')) return { kind: 'version' };
  const help = helpCommand(command);
  const specs = new Map(Object.entries(command.flags).map(([key, spec]) => [optionName(key), { key, spec }]));
  const options = tokens.filter((token): token is OptionToken => token.kind === 'option');
  const repeated = firstRepeated(options, (name) => specs.get(name)?.spec);
  if (repeated) return usageError(help, repeated);
  const flags: Record<string, unknown> = Object.fromEntries(
    Object.entries(command.flags).map(([key, spec]) => [key, spec.kind === 'switch' ? false : spec.kind === 'list' ? [] : undefined]),
  );
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') return usageError(help, `unexpected argument "${token.value}": ${command.name} takes no arguments, only options`);
    const name = token.rawName;
    const declared = specs.get(name);
    if (!declared) return optionKinds.has(name) ? usageError(help, notForThisCommand(name, command, commands)) : unknownOption(token, command);
    const { key, spec } = declared;
    if (spec.kind === 'switch') {
      if (token.value !== undefined) return usageError(help, `${name} is a switch and takes no value (got ${name}=${token.value}): give ${name} alone, or leave it out`);
      flags[key] = true;
      continue;
    }
    const problem = valueProblem(name, spec, token);
    if (problem) return usageError(help, problem.message, problem.suggestion);
    const value = token.value as string;
    if (spec.kind === 'list') (flags[key] as string[]).push(value);
    else flags[key] = value;
  }
  return { kind: 'run', command, flags };
}

function unknownOption(token: OptionToken, command: Command): UsageError {
  const suggestion = closest(token.rawName, [...Object.keys(command.flags).map(optionName), HELP, VERSION]);
  return usageError(helpCommand(command), `unknown option ${token.rawName}`, suggestion);
}

function usageError(help: string, message: string, suggestion?: string): UsageError {
  return withoutUndefined({ message, suggestion, help });
}

function helpCommand(command: Command): string {
  return command.isDefault ? 'ao-migrate --help' : `ao-migrate ${command.name} --help`;
}

function valueProblem(name: string, spec: Exclude<FlagSpec, { kind: 'switch' }>, token: OptionToken): { message: string; suggestion?: string } | undefined {
  const value = token.value;
  const form = `${name} ${spec.placeholder}`;
  if (value === undefined) return { message: `${name} needs a value: ${form}` };
  // As parseArgs' strict mode: `--data-dir --json` is a forgotten value far more often than a directory named "--json".
  if (!token.inlineValue && value.startsWith('-')) {
    return { message: `${name} needs a value, but the next word is the option ${value}: ${form} (or ${name}=${value} if that is the value)` };
  }
  if (value === '') return { message: `${name} needs a value that is not empty: ${form}` };
  if (spec.kind === 'value' && spec.choices && !spec.choices.includes(value)) {
    return withoutUndefined({
      message: `${name} must be ${spec.choices.join(' or ')}, not "${value}"`,
      suggestion: closest(value, spec.choices),
    });
  }
  return undefined;
}

/** Checked before the values, so `--mode a --mode b` is told it gives --mode twice. */
function firstRepeated(options: readonly OptionToken[], specOf: (name: string) => FlagSpec | undefined): string | undefined {
  const seen = new Map<string, OptionToken>();
  for (const token of options) {
    const spec = specOf(token.rawName);
    if (!spec || spec.kind === 'list') continue;
    const earlier = seen.get(token.rawName);
    if (earlier) {
      const values = spec.kind === 'value' ? ` ("${earlier.value ?? ''}", then "${token.value ?? ''}")` : '';
      return `${token.rawName} is given twice${values}: give it once`;
    }
    seen.set(token.rawName, token);
  }
  return undefined;
}

/** `undo does not use the legacy registry, so it takes no --config (migrate, status and release-worktrees do)`. */
function notForThisCommand(name: string, command: Command, commands: readonly Command[]): string {
  const owners = commands.filter((candidate) => Object.keys(candidate.flags).some((key) => optionName(key) === name));
  const names = owners.map((owner) => owner.name);
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  const [firstOwner] = owners;
  const spec = firstOwner ? Object.entries(firstOwner.flags).find(([key]) => optionName(key) === name)?.[1] : undefined;
  const why = spec && spec.kind !== 'switch' && spec.names ? `does not use ${spec.names}, so it ` : '';
  return `${command.name} ${why}takes no ${name} (${list} ${names.length === 1 ? 'does' : 'do'})`;
}

/**
 * Every option of every command, and its kind: the words are split before
 * the command is known, so one name must be the same kind of flag everywhere.
 */
function declaredOptions(commands: readonly Command[]): Map<string, FlagSpec['kind']> {
  const kinds = new Map<string, FlagSpec['kind']>();
  for (const command of commands) {
    for (const [key, spec] of Object.entries(command.flags)) {
      const name = optionName(key);
      if ((kinds.get(name) ?? spec.kind) !== spec.kind) throw new Error(`${name} is declared as two kinds of flag`);
      kinds.set(name, spec.kind);
    }
  }
  return kinds;
}

function isGlobal(token: OptionToken): boolean {
  return token.name === 'help' || token.name === 'version';
}
