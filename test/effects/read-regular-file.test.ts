import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeFileSystem, readRegularFile } from '../../src/core/effects/fs.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ao-migrate-read-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('readRegularFile', () => {
  it('reads empty, small and multi-megabyte files byte for byte', () => {
    const big = Buffer.alloc(3 * 1024 * 1024 + 17);
    for (let i = 0; i < big.length; i += 1) big[i] = (i * 31) % 251;
    for (const [name, bytes] of [['empty', Buffer.alloc(0)], ['small', Buffer.from('{"a":1}\n')], ['big', big]] as const) {
      fs.writeFileSync(path.join(dir, name), bytes);
      expect(readRegularFile(nodeFileSystem, path.join(dir, name)).equals(bytes)).toBe(true);
    }
  });

  it('reads a file of the size it had when opened in one read', () => {
    const file = path.join(dir, 'session.json');
    fs.writeFileSync(file, '{"status":"working"}');
    let reads = 0;
    const counting = { ...nodeFileSystem, readSync: (...args: Parameters<typeof nodeFileSystem.readSync>) => (reads += 1, nodeFileSystem.readSync(...args)) };
    expect(readRegularFile(counting, file).toString()).toBe('{"status":"working"}');
    expect(reads).toBe(1);
  });

  it('reads a file to its end when it grew after it was sized', () => {
    const file = path.join(dir, 'growing');
    fs.writeFileSync(file, 'x'.repeat(10));
    fs.appendFileSync(file, 'y'.repeat(100_000));
    // The size taken at open is the old one: as if the file grew between fstat and the reads.
    const stale = { ...nodeFileSystem, fstatSync: (fd: number) => ({ ...nodeFileSystem.fstatSync(fd), size: 10, isFile: () => true }) };
    expect(readRegularFile(stale, file).toString()).toBe('x'.repeat(10) + 'y'.repeat(100_000));
  });

  it('refuses a FIFO at once instead of waiting for a writer', () => {
    const fifo = path.join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(() => readRegularFile(nodeFileSystem, fifo)).toThrow(expect.objectContaining({ code: 'ENOTREG' }));
  });
});
