import { describe, expect, it } from 'vitest';
import { escapeForTerminal, forTerminal } from '../../src/cli/terminal-text.js';

describe('escapeForTerminal', () => {
  it('writes out every C0 and C1 control, DEL, line separators and bidirectional controls', () => {
    expect(escapeForTerminal('a\nb\rc\td')).toBe('a\\nb\\rc\\td');
    expect(escapeForTerminal('\u0000\u0007\u001b[2J\u007f\u0085\u009b')).toBe('\\x00\\x07\\x1b[2J\\x7f\\x85\\x9b');
    expect(escapeForTerminal('x\u2028y\u202ez\u2066')).toBe('x\\u2028y\\u202ez\\u2066');
    for (let code = 0; code < 0xa0; code += 1) {
      const escaped = escapeForTerminal(String.fromCharCode(code));
      if (code < 0x20 || code >= 0x7f) expect(escaped).toMatch(/^\\/);
      else expect(escaped).toBe(String.fromCharCode(code));
    }
  });

  it('leaves printable text alone, whatever the script', () => {
    const text = 'ma-1 café 中文 ✓ — “quoted” /home/ünï/x';
    expect(escapeForTerminal(text)).toBe(text);
  });
});

describe('forTerminal', () => {
  it('escapes every string of a nested value and keeps everything else', () => {
    const input = { id: 'a\nb', n: 3, ok: true, none: null, list: ['\u001b', { deep: '\r' }] };
    expect(forTerminal(input)).toEqual({ id: 'a\\nb', n: 3, ok: true, none: null, list: ['\\x1b', { deep: '\\r' }] });
    expect(input.id).toBe('a\nb');
  });
});
