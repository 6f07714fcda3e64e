/** Where a value sits in a JSON document: object keys and array indexes from the root. */
export type JsonPath = readonly (string | number)[];

/**
 * Rewrites string values of one JSON text in place: `replace` is asked for
 * every string value (never a key) with its path, and what it returns
 * replaces that value; every other byte of `text` stays exactly as it was
 * (spacing, key order, escapes, number forms), which re-serialising a parsed
 * object would not guarantee. `text` must be valid JSON.
 */
export function replaceJsonStrings(text: string, replace: (path: JsonPath, value: string) => string | undefined): string {
  const pieces: string[] = [];
  let copiedUpTo = 0;
  scanJson(text, (path, start, end) => {
    const value = JSON.parse(text.slice(start, end)) as string;
    const replacement = replace(path, value);
    if (replacement === undefined || replacement === value) return;
    pieces.push(text.slice(copiedUpTo, start), JSON.stringify(replacement));
    copiedUpTo = end;
  });
  if (copiedUpTo === 0) return text;
  pieces.push(text.slice(copiedUpTo));
  return pieces.join('');
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/** Calls `onString` with the path and the `[start, end)` span (quotes included) of every string value. */
function scanJson(text: string, onString: (path: JsonPath, start: number, end: number) => void): void {
  const path: (string | number)[] = [];
  let i = 0;
  const skipSpace = () => {
    while (i < text.length && isSpace(text.charCodeAt(i))) i += 1;
  };
  /** From an opening quote to just past its closing quote. */
  const skipString = () => {
    i += 1;
    while (text.charCodeAt(i) !== QUOTE) i += text.charCodeAt(i) === BACKSLASH ? 2 : 1;
    i += 1;
  };
  const value = (): void => {
    skipSpace();
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const start = i;
      skipString();
      onString(path, start, i);
    } else if (c === OPEN_OBJECT) {
      i += 1;
      skipSpace();
      if (text.charCodeAt(i) === CLOSE_OBJECT) {
        i += 1;
        return;
      }
      for (;;) {
        skipSpace();
        const keyStart = i;
        skipString();
        path.push(JSON.parse(text.slice(keyStart, i)) as string);
        skipSpace();
        i += 1; // the colon
        value();
        path.pop();
        skipSpace();
        if (text.charCodeAt(i++) !== COMMA) return; // the closing brace
      }
    } else if (c === OPEN_ARRAY) {
      i += 1;
      skipSpace();
      if (text.charCodeAt(i) === CLOSE_ARRAY) {
        i += 1;
        return;
      }
      for (let index = 0; ; index += 1) {
        path.push(index);
        value();
        path.pop();
        skipSpace();
        if (text.charCodeAt(i++) !== COMMA) return; // the closing bracket
      }
    } else {
      // A number, true, false or null: runs to the next delimiter.
      while (i < text.length && !isDelimiter(text.charCodeAt(i))) i += 1;
    }
  };
  value();
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

function isDelimiter(c: number): boolean {
  return c === COMMA || c === CLOSE_OBJECT || c === CLOSE_ARRAY || c === COLON || isSpace(c);
}
