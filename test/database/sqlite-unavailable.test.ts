import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MigrationRefusedError } from '../../src/core/errors.js';
import { loadSqliteDriver } from '../../src/core/database/sqlite-driver.js';
import { writeOffline } from '../../src/core/database/index.js';
import { makePlan, makeSandbox, type TargetSandbox } from './target-test-kit.js';

// The library loads better-sqlite3 through createRequire; make that load fail
// as it does when the native addon was never built.
vi.mock('node:module', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:module')>();
  return {
    ...original,
    createRequire: () => () => {
      throw new Error("Cannot find module 'better-sqlite3'\nRequire stack: …");
    },
  };
});

let box: TargetSandbox;
beforeEach(() => {
  box = makeSandbox();
});
afterEach(() => box.cleanup());

describe('SQLITE_UNAVAILABLE', () => {
  it('is the first refusal: it comes before a suspicious data dir', async () => {
    const legacySessions = path.join(box.legacyRoot, 'projects', 'app', 'sessions');
    const run = () =>
      writeOffline(makePlan(box.legacyRoot, [], []), { ...box.options, dataDir: legacySessions, dryRun: true });
    let caught: unknown;
    try {
      await run();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MigrationRefusedError);
    expect(caught).toMatchObject({ code: 'SQLITE_UNAVAILABLE' });
    expect((caught as Error).message).toContain("Cannot find module 'better-sqlite3'");
    expect((caught as Error).message).not.toContain('Require stack');
  });

  it('wraps whatever the loader throws', async () => {
    expect(() =>
      loadSqliteDriver(() => {
        throw new Error('invalid ELF header');
      }),
    ).toThrow(/invalid ELF header.*then run again/);
  });
});
