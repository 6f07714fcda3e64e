import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashTree } from '../../src/testing/hash-tree.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ao-migrate-hash-'));
  fs.mkdirSync(path.join(dir, 'sub'));
  file = path.join(dir, 'sub', 'a.json');
  fs.writeFileSync(file, '{"a":1}');
  fs.utimesSync(file, new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'));
  fs.chmodSync(file, 0o644);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('hashTree', () => {
  it('is stable when nothing changes, including after reads', () => {
    const before = hashTree(dir);
    fs.readFileSync(file);
    expect(hashTree(dir)).toBe(before);
  });

  const jan1 = new Date('2026-01-01T00:00:00Z');
  it.each([
    // Bytes alone: the mtime is put back so only the content differs.
    ['bytes', () => (fs.writeFileSync(file, '{"a":2}'), fs.utimesSync(file, jan1, jan1))],
    ['mtime', () => fs.utimesSync(file, jan1, new Date('2026-01-02T00:00:00Z'))],
    ['mode', () => fs.chmodSync(file, 0o600)],
    ['a new file', () => fs.writeFileSync(path.join(dir, 'b'), '')],
    ['a rename', () => fs.renameSync(file, path.join(dir, 'sub', 'b.json'))],
  ])('changes when %s change', (_, change) => {
    const before = hashTree(dir);
    change();
    expect(hashTree(dir)).not.toBe(before);
  });

  it('has a stable digest for a missing dir', () => {
    expect(hashTree(path.join(dir, 'nope'))).toBe(hashTree(path.join(dir, 'nope')));
    expect(hashTree(path.join(dir, 'nope'))).not.toBe(hashTree(dir));
  });
});
