import { describe, expect, it } from 'vitest';
import { assignNum, naturalNum } from '../../src/core/map/num.js';

describe('naturalNum', () => {
  it.each([
    ['ao-7', 'ao', 7],
    ['ao-orchestrator', 'ao', 0],
    ['ao-1-7', 'ao-1', 7], // a prefix ending in -<digits>: match the whole prefix
    ['ao-1-orchestrator', 'ao-1', 0],
    ['my.app-3', 'my.app', 3],
  ])('%s with prefix %s → %i', (id, prefix, num) => {
    expect(naturalNum(id, prefix)).toBe(num);
  });

  it.each([
    ['ao-1-7', 'ao'], // never split on the first '-'
    ['ao-orchestrator-2', 'ao'],
    ['ao-x', 'ao'],
    ['ao-', 'ao'],
    ['web-3', 'ao'],
    ['myXapp-3', 'my.app'], // '.' in a prefix is literal
    ['ao-99999999999999999999', 'ao'], // not a safe integer
  ])('%s with prefix %s has none', (id, prefix) => {
    expect(naturalNum(id, prefix)).toBeUndefined();
  });
});

describe('assignNum', () => {
  it('gives the natural number when it is free', () => {
    expect(assignNum('ao-1-7', 'ao-1', new Set([1, 2]))).toEqual({ num: 7 });
    expect(assignNum('ao-orchestrator', 'ao', new Set([1, 2]))).toEqual({ num: 0 });
  });

  it('gives an id without a number the smallest integer above every num in use, with a note', () => {
    const assigned = assignNum('ao-orchestrator-2', 'ao', new Set([0, 2, 5]));
    expect(assigned.num).toBe(6);
    expect(assigned.note).toContain('num 6');
  });

  it('moves a session whose number is taken above every num in use, with a note', () => {
    const assigned = assignNum('ao-2', 'ao', new Set([2, 3]));
    expect(assigned.num).toBe(4);
    expect(assigned.note).toContain('2 is already taken');
  });

  it('never hands out 0 (the orchestrator’s) as a fallback', () => {
    expect(assignNum('feature-x', 'ao', new Set()).num).toBe(1);
  });
});

describe("the daemon's own id form <projectId>-<N>", () => {
  // The daemon spawns `<projectId>-<MAX(num)+1>`: `app-5` imported with num 1
  // would collide with its fifth spawn.
  it('names its number even when the session prefix differs', () => {
    expect(naturalNum('app-5', 'ap', 'app')).toBe(5);
    expect(naturalNum('app-5', 'ap')).toBeUndefined();
    expect(assignNum('app-5', 'ap', new Set([1]), 'app')).toEqual({ num: 5 });
  });

  it('still yields to the prefix form, and to a taken number', () => {
    expect(naturalNum('ap-2', 'ap', 'app')).toBe(2);
    expect(assignNum('app-1', 'ap', new Set([1, 3]), 'app')).toMatchObject({ num: 4 });
  });
});
