/**
 * How a command declares its flags. The key is the flag in camelCase
 * (`dataDir` is `--data-dir`, `noBackup` is `--no-backup`); the kind says
 * what the command gets: a switch is a boolean and takes no value, a value
 * flag is a string given at most once, a list flag is every value given, in
 * order (the only kind that may be repeated). Values are strings whatever
 * they look like (`--data-dir 2024` is the directory "2024").
 */
export type FlagSpec = SwitchFlag | ValueFlag | ListFlag;

export interface SwitchFlag {
  kind: 'switch';
  description: string;
}

export interface ValueFlag<Choice extends string = string> {
  kind: 'value';
  /** Shown in help: `--data-dir <dir>`. */
  placeholder: string;
  description: string;
  /** The only values accepted, when there is such a list. */
  choices?: readonly Choice[];
  /** What the flag points at, for the error when a command does not use it ("the legacy registry"). */
  names?: string;
}

export interface ListFlag {
  kind: 'list';
  placeholder: string;
  description: string;
  names?: string;
}

export type FlagSpecs = Record<string, FlagSpec>;

/** What a command's `run` receives for its declared flags. */
export type Flags<Specs extends FlagSpecs> = { [Key in keyof Specs]: FlagValue<Specs[Key]> };

type FlagValue<Spec> = Spec extends SwitchFlag
  ? boolean
  : Spec extends ListFlag
    ? string[]
    : Spec extends ValueFlag<infer Choice>
      ? Choice | undefined
      : never;

export function switchFlag(description: string): SwitchFlag {
  return { kind: 'switch', description };
}

export function valueFlag<const Choice extends string = string>(
  placeholder: string,
  description: string,
  extra: { choices?: readonly Choice[]; names?: string } = {},
): ValueFlag<Choice> {
  return { kind: 'value', placeholder, description, ...extra };
}

export function listFlag(placeholder: string, description: string, extra: { names?: string } = {}): ListFlag {
  return { kind: 'list', placeholder, description, ...extra };
}

/** `dataDir` → `--data-dir`. */
export function optionName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}
