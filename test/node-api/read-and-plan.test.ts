import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeFileSystem } from '../../src/core/effects/fs.js';
import { readAndPlan } from '../../src/node-api/read-and-plan.js';
import { createLegacyStore, sessionRecord, type LegacyStore } from '../../src/testing/legacy-store-builder.js';

let root: string;
let store: LegacyStore;
beforeEach(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ao-read-and-plan-')));
  store = createLegacyStore({ dir: path.join(root, 'home') });
  store.repoPath('app');
  store.writeRegistry({ projects: { app: { path: store.repoPath('app'), sessionPrefix: 'app' } } });
  store.writeSession('app', 'app-1', sessionRecord({ project: 'app', branch: 'feat/one' }));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function workspacePath(dataDir: string): string | undefined {
  const inputs = { legacyRoot: store.root, globalConfigPath: undefined, claudeDir: path.join(root, 'claude'), homeDir: store.home, env: {}, fs: nodeFileSystem, git: { remoteOriginUrl: () => undefined } };
  const { plan } = readAndPlan(inputs, { mode: 'restorable', now: new Date('2026-07-01T00:00:00Z'), dataDir });
  return plan.sessions[0]?.row?.workspace_path;
}

describe('readAndPlan: the managed worktree, with the data dir resolved as the daemon resolves it', () => {
  it('resolves a symlinked data dir', () => {
    const dataDir = path.join(root, 'ao-data');
    fs.mkdirSync(dataDir);
    fs.symlinkSync(dataDir, path.join(root, 'data-link'));
    expect(workspacePath(path.join(root, 'data-link'))).toBe(path.join(dataDir, 'worktrees', 'app', 'app-1'));
  });

  it('resolves the existing part of a data dir that does not exist yet, and keeps the rest as written', () => {
    fs.symlinkSync(root, path.join(root, 'home-link'));
    expect(workspacePath(path.join(root, 'home-link', 'new-data'))).toBe(path.join(root, 'new-data', 'worktrees', 'app', 'app-1'));
  });
});
