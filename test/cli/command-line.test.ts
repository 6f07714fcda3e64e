import { describe, expect, it } from 'vitest';
import { defineCommand } from '../../src/cli/command-line/command.js';
import { listFlag, switchFlag, valueFlag } from '../../src/cli/command-line/flags.js';
import { type CommandLine, parseCommandLine } from '../../src/cli/command-line/parse-command-line.js';
import { renderCommandHelp, renderOverview } from '../../src/cli/command-line/render-help.js';
import { COMMANDS } from '../../src/cli/commands.js';

const parse = (...args: string[]) => parseCommandLine(args, COMMANDS);

function run(line: CommandLine): { command: string; flags: Record<string, unknown> } {
  if (line.kind !== 'run') throw new Error(`expected a run, got ${JSON.stringify(line)}`);
  return { command: line.command.name, flags: line.flags };
}

function usageError(line: CommandLine): { message: string; suggestion?: string; help: string; json: boolean } {
  if (line.kind !== 'usage-error') throw new Error(`expected a usage error, got ${JSON.stringify(line)}`);
  return { ...line.error, json: line.json };
}

describe('the command line', () => {
  it('runs the migration when no command is named, and when it is named', () => {
    expect(run(parse())).toEqual({
      command: 'migrate',
      flags: {
        dryRun: false,
        json: false,
        mode: undefined,
        legacyRoot: undefined,
        config: [],
        dataDir: undefined,
        claudeDir: undefined,
        runFile: undefined,
        noBackup: false,
        allowRunningLegacy: false,
        verbose: false,
      },
    });
    expect(run(parse('migrate', '--dry-run')).flags.dryRun).toBe(true);
    expect(run(parse('--mode=live', '--no-backup')).flags).toMatchObject({ mode: 'live', noBackup: true });
  });

  it('reports an unknown option as typed, with the closest one', () => {
    expect(usageError(parse('--dataDir', '/x'))).toMatchObject({ message: 'unknown option --dataDir', suggestion: '--data-dir', help: 'ao-migrate --help' });
    expect(usageError(parse('undo', '--dry-rn'))).toMatchObject({ message: 'unknown option --dry-rn', suggestion: '--dry-run', help: 'ao-migrate undo --help' });
    expect(usageError(parse('--no-such'))).toEqual({ message: 'unknown option --no-such', help: 'ao-migrate --help', json: false });
    expect(usageError(parse('-x')).message).toBe('unknown option -x');
  });

  it('reports an unknown command as typed, with the closest one', () => {
    expect(usageError(parse('stauts'))).toMatchObject({ message: expect.stringContaining('unknown command "stauts"'), suggestion: 'status' });
    expect(usageError(parse('release-worktree', '--yes')).suggestion).toBe('release-worktrees');
    expect(usageError(parse('frobnicate')).suggestion).toBeUndefined();
  });

  it('refuses a value for a switch', () => {
    expect(usageError(parse('--dry-run=false')).message).toBe(
      '--dry-run is a switch and takes no value (got --dry-run=false): give --dry-run alone, or leave it out',
    );
    expect(usageError(parse('undo', '--force=yes')).message).toMatch(/^--force is a switch and takes no value/);
  });

  it('refuses a single-valued flag given twice, before looking at the values', () => {
    expect(usageError(parse('--mode', 'a', '--mode', 'b')).message).toBe('--mode is given twice ("a", then "b"): give it once');
    expect(usageError(parse('status', '--data-dir', '/a', '--data-dir=/b')).message).toBe('--data-dir is given twice ("/a", then "/b"): give it once');
    expect(usageError(parse('--json', '--json')).message).toBe('--json is given twice: give it once');
  });

  it('keeps a repeatable flag repeatable, in order', () => {
    expect(run(parse('release-worktrees', '--session', 'ma-1', '--session=too-1')).flags.session).toEqual(['ma-1', 'too-1']);
    expect(run(parse('release-worktrees')).flags.session).toEqual([]);
  });

  it('takes path values as strings whatever they look like', () => {
    expect(run(parse('--data-dir', '2024', '--legacy-root', '0x10', '--config', '1e3', '--run-file=-')).flags).toMatchObject({
      dataDir: '2024',
      legacyRoot: '0x10',
      config: ['1e3'],
      runFile: '-',
    });
    expect(run(parse('--data-dir=--json')).flags).toMatchObject({ dataDir: '--json', json: false });
  });

  it('asks for a missing value instead of taking the next option as one', () => {
    expect(usageError(parse('--data-dir')).message).toBe('--data-dir needs a value: --data-dir <dir>');
    expect(usageError(parse('--data-dir', '--json'))).toMatchObject({ message: expect.stringMatching(/^--data-dir needs a value, but the next word is the option --json/), json: true });
    expect(usageError(parse('--data-dir=')).message).toBe('--data-dir needs a value that is not empty: --data-dir <dir>');
  });

  it('checks a value against its choices', () => {
    expect(usageError(parse('--mode', 'lvie'))).toMatchObject({ message: '--mode must be restorable or live, not "lvie"', suggestion: 'live' });
  });

  it('says so when a flag means nothing for the command, and which commands take it', () => {
    expect(usageError(parse('undo', '--config', 'x'))).toMatchObject({
      message: 'undo does not use the legacy registry, so it takes no --config (migrate, status and release-worktrees do)',
      help: 'ao-migrate undo --help',
    });
    expect(usageError(parse('release-worktrees', '--data-dir', 'd')).message).toBe(
      "release-worktrees does not use the rewrite's data dir, so it takes no --data-dir (migrate, status and undo do)",
    );
    expect(usageError(parse('--yes')).message).toBe('migrate takes no --yes (release-worktrees does)');
    expect(usageError(parse('demo', '--legacy-root', 'x')).message).toMatch(/^demo does not use the legacy store/);
  });

  it('takes every location flag wherever the command uses the place', () => {
    const everywhere = ['--legacy-root', 'l', '--config', 'c', '--data-dir', 'd', '--claude-dir', 'cl', '--run-file', 'r'];
    expect(run(parse(...everywhere)).command).toBe('migrate');
    expect(run(parse('status', ...everywhere)).command).toBe('status');
    expect(run(parse('undo', '--legacy-root', 'l', '--data-dir', 'd', '--run-file', 'r')).flags).toMatchObject({ legacyRoot: 'l', dataDir: 'd', runFile: 'r' });
    expect(run(parse('release-worktrees', '--legacy-root', 'l', '--config', 'c')).flags).toMatchObject({ legacyRoot: 'l', config: ['c'] });
  });

  it('takes --config as often as given: then exactly those registries are read', () => {
    expect(run(parse('--config', 'a.yaml', '--config=b.yaml')).flags).toMatchObject({ config: ['a.yaml', 'b.yaml'] });
  });

  it('refuses a stray argument', () => {
    expect(usageError(parse('status', 'extra')).message).toBe('unexpected argument "extra": status takes no arguments, only options');
    expect(usageError(parse('--', '--json')).message).toMatch(/^unexpected argument "--json"/);
  });

  it('marks usage errors under --json, wherever --json is', () => {
    expect(usageError(parse('--json', 'stauts')).json).toBe(true);
    expect(usageError(parse('stauts', '--json')).json).toBe(true);
    expect(usageError(parse('--mode', 'x', '--json')).json).toBe(true);
    expect(usageError(parse('--mode', 'x')).json).toBe(false);
  });

  it('answers --help, -h, help [command] and --version', () => {
    expect(parse('--help')).toEqual({ kind: 'help', command: undefined });
    expect(parse('help')).toEqual({ kind: 'help', command: undefined });
    expect(parse('undo', '--help')).toMatchObject({ kind: 'help', command: { name: 'undo' } });
    expect(parse('-h', 'status')).toMatchObject({ kind: 'help', command: { name: 'status' } });
    expect(parse('help', 'undo')).toMatchObject({ kind: 'help', command: { name: 'undo' } });
    expect(usageError(parse('help', 'stauts')).suggestion).toBe('status');
    expect(parse('--version')).toEqual({ kind: 'version' });
  });

  it('refuses one option name declared as two kinds of flag', () => {
    const a = defineCommand({ name: 'a', isDefault: true, summary: '', flags: { session: listFlag('<id>', '') }, examples: [], run: async () => {} });
    const b = defineCommand({ name: 'b', summary: '', flags: { session: valueFlag('<id>', '') }, examples: [], run: async () => {} });
    expect(() => parseCommandLine([], [a, b])).toThrow('--session is declared as two kinds of flag');
    const c = defineCommand({ name: 'c', summary: '', flags: { session: switchFlag('') }, examples: [], run: async () => {} });
    expect(() => parseCommandLine([], [a, c])).toThrow('--session is declared as two kinds of flag');
  });
});

describe('help', () => {
  it('names the default command in the usage line and lists every command', () => {
    const text = renderOverview(COMMANDS, '9.9.9');
    expect(text).toContain('  ao-migrate [migrate] [options]');
    for (const command of COMMANDS) expect(text).toMatch(new RegExp(`^  ${command.name} `, 'm'));
    expect(text).toContain('--dry-run');
    expect(text).toMatch(/^ {2}64 {2}bad usage/m);
  });

  it("says under --mode that restorable is the useful mode and today's daemon terminates live rows", () => {
    const text = renderCommandHelp(COMMANDS.find((command) => command.name === 'migrate')!).replace(/\s+/g, ' ');
    expect(text).toContain('--mode <restorable|live> restorable (the default, and the useful mode)');
    expect(text).toContain("live: rows look running, and today's daemon terminates them at its next start");
  });

  it('gives each command its own usage line and exactly its options', () => {
    const text = renderCommandHelp(COMMANDS.find((command) => command.name === 'undo')!);
    expect(text.split('\n')[0]).toBe('Usage: ao-migrate undo [options]');
    expect(text).toContain('--data-dir <dir>');
    expect(text).not.toContain('--config');
    expect(renderCommandHelp(COMMANDS.find((command) => command.name === 'release-worktrees')!)).toMatch(/--session <id> .*\n.*\(repeatable\)|--session <id> .*\(repeatable\)/);
  });
});
