/**
 * Chunks, and the strings they are made of, stay well under V8's large-object
 * size (128 KiB): larger strings live outside the young generation until a
 * full collection, so writing a report or the ledger in one piece would grow
 * the heap by its size, twice (as text, then as bytes).
 */
const CHUNK_CHARS = 1 << 15;
/** Array elements stringified per call (a report or ledger item is well under 1 KiB of JSON). */
const ELEMENTS_PER_SLICE = 64;

/**
 * Writes `value` exactly as `JSON.stringify(value, null, 2)` plus a newline,
 * but in pieces: every array longer than a slice, and whatever holds one, is
 * written a slice at a time, so that tens of thousands of sessions never
 * become one string.
 */
export function writeJson(value: object, write: (chunk: string) => void): void {
  let pending = '';
  const out = (text: string) => {
    pending += text;
    if (pending.length >= CHUNK_CHARS) {
      write(pending);
      pending = '';
    }
  };
  writeValue(value, '', out);
  write(`${pending}\n`);
}

/** `value` at a place indented by `indent`, the place's own prefix already written. */
function writeValue(value: unknown, indent: string, out: (text: string) => void): void {
  if (!isLarge(value)) {
    out(indented(JSON.stringify(value, null, 2), indent));
    return;
  }
  const inner = `${indent}  `;
  let first = true;
  const separate = () => {
    out(first ? '\n' : ',\n');
    first = false;
  };
  if (Array.isArray(value)) {
    out('[');
    let slice: unknown[] = [];
    const flush = () => {
      if (slice.length === 0) return;
      separate();
      out(elementsText(slice, indent));
      slice = [];
    };
    for (const element of value) {
      if (!isLarge(element)) {
        slice.push(element);
        if (slice.length === ELEMENTS_PER_SLICE) flush();
        continue;
      }
      flush();
      separate();
      out(inner);
      writeValue(element, inner, out);
    }
    flush();
    out(`\n${indent}]`);
    return;
  }
  out('{');
  for (const [key, member] of Object.entries(value as object)) {
    // The members JSON.stringify keeps: it drops undefined, functions and symbols.
    if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
    separate();
    out(`${inner}${JSON.stringify(key)}: `);
    writeValue(member, inner, out);
  }
  out(`\n${indent}}`);
}

/** Holds an array longer than a slice somewhere inside; only arrays and plain objects are looked into. */
function isLarge(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > ELEMENTS_PER_SLICE || value.some(isLarge);
  if (!isPlainObject(value)) return false;
  return Object.values(value).some(isLarge);
}

function isPlainObject(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return (proto === Object.prototype || proto === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

/**
 * The elements of `slice`, as JSON.stringify indents them inside an array
 * at `indent`: stringified inside as many arrays as `indent` has levels, so
 * that JSON.stringify does the indenting, then cut out of them.
 */
function elementsText(slice: unknown[], indent: string): string {
  const levels = indent.length / 2;
  let wrapped: unknown = slice;
  for (let level = 0; level < levels; level += 1) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, 2);
  // Level i opens with "<2i spaces>[\n" and closes with "\n<2i spaces>]".
  const frame = (levels + 1) * (levels + 2);
  return text.slice(frame, text.length - frame);
}

/** JSON text's lines after the first moved in by `indent` (JSON.stringify escapes every newline inside strings). */
function indented(text: string, indent: string): string {
  return indent === '' ? text : text.replace(/\n/g, `\n${indent}`);
}
