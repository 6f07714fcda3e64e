import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeFileSystem } from '../../src/core/effects/fs.js';
import { withParentExistenceCache } from '../../src/core/effects/parent-existence-cache.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ao-migrate-exists-'));
  fs.mkdirSync(path.join(dir, 'worktrees', 'live'), { recursive: true });
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('withParentExistenceCache', () => {
  it('answers as existsSync does, asking the disk once for all paths under a missing directory', () => {
    const asked: string[] = [];
    const counting = { ...nodeFileSystem, existsSync: (p: string) => (asked.push(p), nodeFileSystem.existsSync(p)) };
    const cached = withParentExistenceCache(counting);
    const gone = Array.from({ length: 50 }, (_, i) => path.join(dir, 'gone', `s-${i}`));
    const paths = [path.join(dir, 'worktrees', 'live'), path.join(dir, 'worktrees', 'missing'), ...gone, dir];

    expect(paths.map((p) => cached.existsSync(p))).toEqual(paths.map((p) => fs.existsSync(p)));
    expect(asked.filter((p) => p.startsWith(path.join(dir, 'gone')))).toEqual([path.join(dir, 'gone')]);
  });
});
