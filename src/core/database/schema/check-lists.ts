/**
 * What the CHECK constraints of a `CREATE TABLE` statement allow, per column,
 * read from its text as SQLite keeps it in `sqlite_master.sql` (there is no
 * PRAGMA for CHECKs). Only `CHECK (<column> IN (<literal>, …))` is a list;
 * any other CHECK that names a column is kept as text, since what it allows
 * cannot be known without evaluating it.
 */
export type ColumnCheck = { kind: 'list'; values: string[] } | { kind: 'other'; text: string };

/** Every CHECK of the statement, by the (lower-cased) columns it names. */
export function checksByColumn(createSql: string, columns: readonly string[]): Map<string, ColumnCheck[]> {
  const known = new Set(columns.map((column) => column.toLowerCase()));
  const tokens = tokenize(createSql);
  const checks = new Map<string, ColumnCheck[]>();
  for (let i = 0; i < tokens.length; i += 1) {
    if (!isWord(tokens[i], 'check') || tokens[i + 1]?.text !== '(') continue;
    const close = matchingParen(tokens, i + 1);
    const body = tokens.slice(i + 2, close);
    const list = inList(body, known);
    if (list !== undefined) {
      add(checks, list.column, { kind: 'list', values: list.values });
    } else {
      const text = createSql.slice(tokens[i]!.start, tokens[close]?.end ?? createSql.length);
      const named = new Set(body.filter((t) => t.kind !== 'string' && known.has(t.text.toLowerCase())).map((t) => t.text.toLowerCase()));
      for (const column of named) add(checks, column, { kind: 'other', text });
    }
    i = close;
  }
  return checks;
}

function add(checks: Map<string, ColumnCheck[]>, column: string, check: ColumnCheck): void {
  checks.set(column, [...(checks.get(column) ?? []), check]);
}

interface Token {
  kind: 'word' | 'identifier' | 'string' | 'punct';
  /** Unquoted text: a string's value, an identifier's name. */
  text: string;
  start: number;
  end: number;
}

function isWord(token: Token | undefined, word: string): boolean {
  return token?.kind === 'word' && token.text.toLowerCase() === word;
}

/** `<column> IN (<literal>, …)`, possibly in extra parentheses. */
function inList(body: Token[], columns: ReadonlySet<string>): { column: string; values: string[] } | undefined {
  let tokens = body;
  while (tokens[0]?.text === '(' && tokens.at(-1)?.text === ')' && matchingParen(tokens, 0) === tokens.length - 1) {
    tokens = tokens.slice(1, -1);
  }
  const [column, keyword, open, ...rest] = tokens;
  if (column === undefined || (column.kind !== 'word' && column.kind !== 'identifier')) return undefined;
  if (!columns.has(column.text.toLowerCase()) || !isWord(keyword, 'in') || open?.text !== '(') return undefined;
  if (rest.at(-1)?.text !== ')') return undefined;
  const values: string[] = [];
  const items = rest.slice(0, -1);
  for (let i = 0; i < items.length; i += 2) {
    const value = items[i];
    const separator = items[i + 1];
    // A double-quoted word that names no column is a string literal to SQLite.
    const literal = value?.kind === 'string' || (value?.kind === 'identifier' && !columns.has(value.text.toLowerCase()));
    if (!literal || (separator !== undefined && separator.text !== ',')) return undefined;
    values.push(value.text);
  }
  return { column: column.text.toLowerCase(), values };
}

/** The index of the `)` that closes the `(` at `open` (or the last token when unbalanced). */
function matchingParen(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i += 1) {
    if (tokens[i]!.kind !== 'punct') continue;
    if (tokens[i]!.text === '(') depth += 1;
    else if (tokens[i]!.text === ')') depth -= 1;
    if (depth === 0) return i;
  }
  return tokens.length - 1;
}

const CLOSING_QUOTE: Record<string, string> = { "'": "'", '"': '"', '`': '`', '[': ']' };

/** SQL tokens: comments and whitespace dropped, quoted strings and identifiers unquoted (doubled quotes undone). */
function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (/\s/.test(c)) {
      i += 1;
    } else if (sql.startsWith('--', i)) {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? sql.length : end + 1;
    } else if (sql.startsWith('/*', i)) {
      const end = sql.indexOf('*/', i + 2);
      i = end === -1 ? sql.length : end + 2;
    } else if (c in CLOSING_QUOTE) {
      const close = CLOSING_QUOTE[c]!;
      let text = '';
      let j = i + 1;
      while (j < sql.length) {
        if (sql[j] === close && close !== ']' && sql[j + 1] === close) {
          text += close;
          j += 2;
        } else if (sql[j] === close) {
          break;
        } else {
          text += sql[j];
          j += 1;
        }
      }
      tokens.push({ kind: c === "'" ? 'string' : 'identifier', text, start: i, end: j + 1 });
      i = j + 1;
    } else if (/[A-Za-z0-9_$]/.test(c)) {
      let j = i;
      while (j < sql.length && /[A-Za-z0-9_$]/.test(sql[j]!)) j += 1;
      tokens.push({ kind: 'word', text: sql.slice(i, j), start: i, end: j });
      i = j;
    } else {
      tokens.push({ kind: 'punct', text: c, start: i, end: i + 1 });
      i += 1;
    }
  }
  return tokens;
}
