/**
 * Characters that must not reach a terminal from a name on disk: C0 controls
 * (newline forges an output line, ESC starts a control sequence), DEL, C1
 * controls (U+009B is a one-character CSI), and the Unicode line separators
 * and bidirectional controls that can make a line show something else.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `text` with every unsafe character written out (`\n`, `\x1b`, `\u202e`), so it prints as one plain line. */
export function escapeForTerminal(text: string): string {
  return text.replace(UNSAFE, (char) => {
    const code = char.charCodeAt(0);
    return NAMED[char] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
  });
}

/** A message of several lines (a refusal's list) escaped line by line; lines after the first indented, so none passes for one of ours. */
export function escapeLines(text: string): string {
  return text.split('\n').map(escapeForTerminal).join('\n  ');
}

/**
 * A copy of a report with every string escaped: what the human renderers
 * are given, so no field they print can carry a control character. (JSON
 * output keeps the exact strings.)
 */
export function forTerminal<T>(value: T): T {
  if (typeof value === 'string') return escapeForTerminal(value) as T;
  if (Array.isArray(value)) return value.map((item) => forTerminal(item)) as T;
  if (typeof value === 'object' && value !== null) {
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = forTerminal(item);
    return copy as T;
  }
  return value;
}
