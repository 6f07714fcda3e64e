import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { copyAtomically } from '../../src/core/claude/copy-atomically.js';
import { nodeFileSystem } from '../../src/core/effects/fs.js';

/** A killed run leaves `.<name>.ao-migrate-tmp-<pid>` beside a transcript; the next copy of that file removes it. */

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ao-migrate-stale-temp-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The pid of a process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('stale temp copies', () => {
  it("removes a dead run's temps of the file being written, and nothing else", () => {
    const sourceBucket = path.join(dir, 'source');
    const bucket = path.join(dir, 'destination');
    fs.mkdirSync(sourceBucket);
    fs.mkdirSync(bucket);
    const source = path.join(sourceBucket, 'abc.jsonl');
    fs.writeFileSync(source, '{"type":"user"}\n');
    const dead = deadPid();
    const staleOfThisFile = path.join(bucket, `.abc.jsonl.ao-migrate-tmp-${dead}`);
    const staleOfAnotherFile = path.join(bucket, `.other.jsonl.ao-migrate-tmp-${dead}`);
    const inSource = path.join(sourceBucket, `.abc.jsonl.ao-migrate-tmp-${dead}`);
    const notOurs = path.join(bucket, '.abc.jsonl.ao-migrate-tmp-notapid');
    for (const file of [staleOfThisFile, staleOfAnotherFile, inSource, notOurs]) fs.writeFileSync(file, 'partial');

    copyAtomically(nodeFileSystem, source, path.join(bucket, 'abc.jsonl'));

    expect(fs.readFileSync(path.join(bucket, 'abc.jsonl'), 'utf8')).toBe('{"type":"user"}\n');
    expect(fs.existsSync(staleOfThisFile)).toBe(false);
    expect(fs.readdirSync(bucket).sort()).toEqual(['.abc.jsonl.ao-migrate-tmp-notapid', `.other.jsonl.ao-migrate-tmp-${dead}`, 'abc.jsonl']);
    expect(fs.readFileSync(inSource, 'utf8')).toBe('partial');
  });

  it('leaves the temp of a run that is still going on (two runs at once)', async () => {
    const source = path.join(dir, 'abc.jsonl');
    fs.writeFileSync(source, 'x\n');
    const bucket = path.join(dir, 'destination');
    fs.mkdirSync(bucket);
    const other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      const live = path.join(bucket, `.abc.jsonl.ao-migrate-tmp-${other.pid}`);
      fs.writeFileSync(live, 'being written');
      copyAtomically(nodeFileSystem, source, path.join(bucket, 'abc.jsonl'));
      expect(fs.readFileSync(live, 'utf8')).toBe('being written');
    } finally {
      other.kill();
    }
  });
});
