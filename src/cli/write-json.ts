/**
 * Chunks, and the strings they are made of, stay well under V8's large-object
 * size (128 KiB): larger strings live outside the young generation until a
 * full collection, so writing the report would grow the heap by its size.
 */
const CHUNK_CHARS = 1 << 15;
/** Array elements stringified per call (a report item is well under 1 KiB of JSON). */
const ELEMENTS_PER_SLICE = 64;

/**
 * Writes `value` exactly as `JSON.stringify(value, null, 2)` plus a newline,
 * but a slice of each top-level array at a time: a report of tens of
 * thousands of sessions as one string, and then as bytes, would be the
 * largest thing the run ever holds.
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
  // The keys JSON.stringify keeps: it drops undefined, functions and symbols.
  const entries = Object.entries(value).filter(
    ([, item]) => item !== undefined && typeof item !== 'function' && typeof item !== 'symbol',
  );
  if (entries.length === 0) {
    write('{}\n');
    return;
  }
  out('{\n');
  entries.forEach(([key, item], index) => {
    const last = index === entries.length - 1;
    if (Array.isArray(item) && item.length > 0) {
      out(`  ${JSON.stringify(key)}: [\n`);
      for (let start = 0; start < item.length; start += ELEMENTS_PER_SLICE) {
        if (start > 0) out(',\n');
        out(arraySliceText(key, item.slice(start, start + ELEMENTS_PER_SLICE)));
      }
      out(last ? '\n  ]\n' : '\n  ],\n');
    } else {
      out(memberText(key, item, last));
    }
  });
  out('}\n');
  write(pending);
}

/** `"key": value` at depth 1: stringified inside a one-key object, so JSON.stringify does the indenting. */
function memberText(key: string, item: unknown, last: boolean): string {
  const text = JSON.stringify({ [key]: item }, null, 2);
  return `${text.slice(2, -2)}${last ? '\n' : ',\n'}`;
}

/** The elements of `slice` as they appear inside the array `key` at depth 1, without the brackets. */
function arraySliceText(key: string, slice: unknown[]): string {
  const text = JSON.stringify({ [key]: slice }, null, 2);
  const opening = `{\n  ${JSON.stringify(key)}: [\n`;
  return text.slice(opening.length, -'\n  ]\n}'.length);
}
