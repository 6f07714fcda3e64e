/** ANSI styling that is a no-op unless enabled (see `escapesWanted`). */
export interface Style {
  bold(text: string): string;
  dim(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  red(text: string): string;
}

export function createStyle(enabled: boolean): Style {
  const wrap = (open: number, close: number) => (text: string) =>
    enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text;
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    red: wrap(31, 39),
  };
}

/**
 * Colour and the redrawn progress line only on a TTY, and never with
 * NO_COLOR (https://no-color.org) or TERM=dumb: those get no escape code at all.
 */
export function escapesWanted(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv): boolean {
  return Boolean(stream.isTTY) && !env.NO_COLOR && env.TERM !== 'dumb';
}

/** The style for `stream` under the current environment. */
export function styleFor(stream: NodeJS.WriteStream): Style {
  return createStyle(escapesWanted(stream, process.env));
}
