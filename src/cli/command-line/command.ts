import type { Flags, FlagSpecs } from './flags.js';

/**
 * One subcommand: its flags, its help, and what it does. `run` should import
 * the implementation on demand, so that `--help` never loads the core.
 */
export interface Command<Specs extends FlagSpecs = FlagSpecs> {
  name: string;
  /** The command that runs when none is named (the migration). */
  isDefault?: boolean;
  /** One line for the command list and the top of its help. */
  summary: string;
  flags: Specs;
  examples: readonly string[];
  // A method, so a `Command<Specific>` is a `Command` in the command list.
  run(flags: Flags<Specs>): Promise<void>;
}

/** Keeps the flag types of `spec` for `run`. */
export function defineCommand<Specs extends FlagSpecs>(spec: Command<Specs>): Command<Specs> {
  return spec;
}

/** How the user types the command: `ao-migrate [migrate]` for the default one. */
export function commandLabel(command: Command): string {
  return command.isDefault ? `ao-migrate [${command.name}]` : `ao-migrate ${command.name}`;
}
