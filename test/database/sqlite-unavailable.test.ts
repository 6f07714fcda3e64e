import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MigrationRefusedError } from '../../src/core/errors.js';
import { loadSqliteDriver } from '../../src/core/database/sqlite-driver.js';
import { writeOffline } from '../../src/core/database/index.js';
import { migrate } from '../../src/node-api/index.js';
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

// What Node (and Electron, with its own ABI) says when the addon was built for another Node.
const ABI_MISMATCH =
  "The module '/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node'\n" +
  'was compiled against a different Node.js version using\n' +
  'NODE_MODULE_VERSION 115. This version of Node.js requires\n' +
  'NODE_MODULE_VERSION 130. Please try re-compiling or re-installing\n' +
  'the module (for instance, using `npm rebuild` or `npm install`).';

let box: TargetSandbox;
beforeEach(() => {
  box = makeSandbox();
});
afterEach(() => box.cleanup());

async function rejection(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('SQLITE_UNAVAILABLE', () => {
  it('is the first refusal: it comes before a suspicious data dir', async () => {
    const legacySessions = path.join(box.legacyRoot, 'projects', 'app', 'sessions');
    const caught = await rejection(() =>
      writeOffline(makePlan(box.legacyRoot, [], []), { ...box.options, dataDir: legacySessions, dryRun: true }),
    );
    expect(caught).toBeInstanceOf(MigrationRefusedError);
    expect(caught).toMatchObject({ code: 'SQLITE_UNAVAILABLE' });
    expect((caught as Error).message).toContain("Cannot find module 'better-sqlite3'");
    expect((caught as Error).message).not.toContain('Require stack');
  });

  it('migrate() rejects with it, and says to run the CLI with system Node', async () => {
    const caught = await rejection(() =>
      migrate({ legacyRoot: box.legacyRoot, dataDir: box.dataDir, runFile: box.runFile, claudeDir: box.home, dryRun: true }),
    );
    expect(caught).toBeInstanceOf(MigrationRefusedError);
    expect(caught).toMatchObject({ code: 'SQLITE_UNAVAILABLE' });
    expect((caught as Error).message).toMatch(/run the ao-migrate CLI with that Node\.js \(`npx ao-migrate`.*not inside Electron\)/);
  });

  it('is an addon built for another ABI: its whole reason on one line, then the advice', () => {
    // better-sqlite3's require() succeeds; its addon loads with the first database.
    class AddonForAnotherAbi {
      constructor() {
        throw new Error(ABI_MISMATCH);
      }
    }
    let caught: unknown;
    try {
      loadSqliteDriver(() => AddonForAnotherAbi);
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'SQLITE_UNAVAILABLE' });
    const message = (caught as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toContain('using NODE_MODULE_VERSION 115. This version of Node.js requires NODE_MODULE_VERSION 130.');
    expect(message).toMatch(/`node <app>\/node_modules\/ao-migrate\/dist\/cli\.js`.*then run again\.$/);
  });
});
