import { describe, expect, it } from 'vitest';
import { HARNESSES, isHarness } from '../../src/core/map/harness.js';

describe('harness list', () => {
  it('is the 24-value v12 CHECK list, starting with the empty value', () => {
    expect(HARNESSES).toHaveLength(24);
    expect(HARNESSES[0]).toBe('');
    expect(new Set(HARNESSES).size).toBe(24);
  });

  it('knows the named agents and nothing else', () => {
    expect(isHarness('claude-code')).toBe(true);
    expect(isHarness('autohand')).toBe(true);
    expect(isHarness('')).toBe(false);
    expect(isHarness('gemini')).toBe(false);
    expect(isHarness('Claude-Code')).toBe(false);
  });
});
