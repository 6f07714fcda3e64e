import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { replaceJsonStrings, type JsonPath } from '../../src/core/agent-directory/replace-json-strings.js';

/** `value` with every string value (not key) passed through `change`, as a parse of the rewritten text should read. */
function mapStrings(value: unknown, change: (path: JsonPath, text: string) => string, path: (string | number)[] = []): unknown {
  if (typeof value === 'string') return change(path, value);
  if (Array.isArray(value)) return value.map((item, index) => mapStrings(item, change, [...path, index]));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, mapStrings(item, change, [...path, key])]));
  }
  return value;
}

describe('replaceJsonStrings', () => {
  it('changes exactly the string values asked for, at their paths, whatever the spacing', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(undefined, 2, '\t'), (value, indent) => {
        const text = JSON.stringify(value, null, indent);
        expect(replaceJsonStrings(text, () => undefined)).toBe(text);
        const change = (path: JsonPath, s: string) => `${s}→${path.length}"\\`;
        // Against the parse of the text, not `value`: JSON has no -0.
        expect(JSON.parse(replaceJsonStrings(text, change))).toEqual(mapStrings(JSON.parse(text), change));
      }),
    );
  });

  it('keeps every byte outside the replaced value: escapes, number forms, spacing', () => {
    const text = '{"type":"turn_context", "payload":{"cwd":"/old","n":1.0,"e":1E+2,"s":"a\\u00e9\\/b","cwd2":"/old"} }';
    expect(replaceJsonStrings(text, (path, value) => (path.join('.') === 'payload.cwd' && value === '/old' ? '/new "x"' : undefined))).toBe(
      '{"type":"turn_context", "payload":{"cwd":"/new \\"x\\"","n":1.0,"e":1E+2,"s":"a\\u00e9\\/b","cwd2":"/old"} }',
    );
  });

  it('does not take a key, or text inside another string, for a value', () => {
    const text = '{"cwd":{"cwd":"/old"},"note":"\\"cwd\\":\\"/old\\"","list":["/old"]}';
    const seen: string[] = [];
    replaceJsonStrings(text, (path, value) => void seen.push(`${path.join('.')}=${value}`));
    expect(seen).toEqual(['cwd.cwd=/old', 'note="cwd":"/old"', 'list.0=/old']);
  });
});
