import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { reassignNums } from '../../src/core/database/reassign-nums.js';
import { isPidAliveBySignal } from '../../src/core/database/refuse-running-daemon.js';

describe('reassignNums', () => {
  it('never gives a num already in use, and keeps every planned num that was free', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.nat(20)),
        fc.array(fc.nat(20), { maxLength: 15 }),
        (existingNums, plannedNums) => {
          const existing = new Map(existingNums.map((num) => [num, `db-${num}`]));
          const candidates = plannedNums.map((plannedNum, i) => ({ id: `s${i}`, plannedNum, sessionPrefix: 's', projectId: 'proj' }));
          const assigned = reassignNums(existing, candidates);
          const nums = candidates.map((c) => assigned.get(c.id)?.num);
          expect(new Set([...nums, ...existingNums]).size).toBe(nums.length + existingNums.length);
          const seen = new Set(existingNums);
          for (const candidate of candidates) {
            if (seen.has(candidate.plannedNum)) continue;
            seen.add(candidate.plannedNum);
            expect(assigned.get(candidate.id)).toEqual({ num: candidate.plannedNum });
          }
        },
      ),
    );
  });

  it('gives a taken num the smallest integer above every num in use, and says who holds it', () => {
    const assigned = reassignNums(new Map([[0, 'ao-orchestrator'], [2, 'ao-2']]), [
      { id: 'ao-orchestrator-2', plannedNum: 2, sessionPrefix: 'ao', projectId: 'ao' },
      { id: 'ao-5', plannedNum: 5, sessionPrefix: 'ao', projectId: 'ao' },
    ]);
    expect(assigned.get('ao-orchestrator-2')).toEqual({ num: 6, takenBy: 'ao-2' });
    expect(assigned.get('ao-5')).toEqual({ num: 5 });
  });
});

describe('isPidAliveBySignal', () => {
  it('is true for a live process and false for one that has exited', () => {
    expect(isPidAliveBySignal(process.pid)).toBe(true);
    const exited = spawnSync(process.execPath, ['-e', '']);
    expect(exited.pid).toBeGreaterThan(0);
    expect(isPidAliveBySignal(exited.pid ?? 0)).toBe(false);
  });
});
