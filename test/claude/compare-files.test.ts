import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compareWithSource } from '../../src/core/claude/compare-files.js';
import { nodeFileSystem, type FileSystem } from '../../src/core/effects/fs.js';
import { makeTempDir, removeDir } from './helpers.js';

let dir: string;
beforeEach(() => {
  dir = makeTempDir();
});
afterEach(() => {
  removeDir(dir);
});

function compare(source: string | Buffer, destination: string | Buffer, fileSystem: FileSystem = nodeFileSystem) {
  fs.writeFileSync(path.join(dir, 'source'), source);
  fs.writeFileSync(path.join(dir, 'destination'), destination);
  return compareWithSource(fileSystem, path.join(dir, 'source'), path.join(dir, 'destination'));
}

describe('compareWithSource', () => {
  it('tells identical, strict prefix and different apart', () => {
    expect(compare('abc\n', 'abc\n')).toBe('identical');
    expect(compare('abc\ndef\n', 'abc\n')).toBe('destination-is-prefix');
    expect(compare('abc\n', 'abd\n')).toBe('different');
    expect(compare('abc\n', 'abc\ndef\n')).toBe('different');
    expect(compare('', '')).toBe('identical');
    expect(compare('abc', '')).toBe('destination-is-prefix');
  });

  it('finds a difference beyond the first chunk', () => {
    const source = Buffer.alloc(3 * 1024 * 1024 + 17, 'x');
    const destination = Buffer.from(source);
    destination[destination.length - 1] = 'y'.charCodeAt(0);
    expect(compare(source, destination)).toBe('different');
    expect(compare(source, source.subarray(0, 2 * 1024 * 1024 + 5))).toBe('destination-is-prefix');
  });

  it('copes with reads that return fewer bytes than asked', () => {
    const stingy: FileSystem = {
      ...nodeFileSystem,
      readSync: (fd, buffer, offset, length, position) =>
        nodeFileSystem.readSync(fd, buffer, offset, Math.min(length, 4093), position),
    };
    const source = Buffer.alloc(1024 * 1024 + 100, 'z');
    expect(compare(source, source, stingy)).toBe('identical');
    expect(compare(source, source.subarray(0, 50), stingy)).toBe('destination-is-prefix');
  });
});
