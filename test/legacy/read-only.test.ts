import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FileSystem, nodeFileSystem } from '../../src/core/effects/fs.js';
import { hashTree } from '../../src/testing/hash-tree.js';
import {
  createLegacyStore,
  type LegacyStore,
  oldLayoutSessionFields,
  sessionRecord,
} from '../../src/testing/legacy-store-builder.js';
import { readStore } from './read-store.js';

let store: LegacyStore;
beforeEach(() => {
  store = createLegacyStore();
  const repo = store.repoPath('app');
  store.writeRegistry({ projects: { app: { path: repo, storageKey: '0123456789ab-app', behaviour: { agent: 'codex' } } } });
  store.writePortfolio({ preferences: { app: { displayName: 'App' } }, registered: [{ path: repo, addedAt: '2025-01-01T00:00:00Z' }] });
  store.writeSession('app', 'app-1', sessionRecord());
  store.writeSession('app', 'app-2', '');
  store.writeSession('app', 'app-3', '[1]');
  store.writeFile('projects/app/sessions/app-4.json.corrupt-1781000000000', '{');
  store.writeFile('projects/app/sessions/app-5.json.tmp.12.34', '{');
  store.writeOldLayoutSession('0123456789ab-app', 'app-1', oldLayoutSessionFields());
  store.writeOldLayoutSession('0123456789ab-app', 'app-6', oldLayoutSessionFields());
});
afterEach(() => store.cleanup());

/** Flags that open for reading only: 'r', or numeric ones with no write, create, truncate or append bit. */
function readOnlyFlags(flags: string | number): boolean {
  const { O_WRONLY, O_RDWR, O_CREAT, O_TRUNC, O_APPEND } = fs.constants;
  return typeof flags === 'number' ? (flags & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND)) === 0 : flags === 'r';
}

describe('readLegacy never writes', () => {
  it('leaves the legacy tree and the project repo byte-for-byte, mode and mtime identical', () => {
    const before = hashTree(store.home);
    const snapshot = readStore(store);
    expect(snapshot.sessions.map((s) => s.id)).toEqual(['app-1', 'app-6']);
    expect(hashTree(store.home)).toBe(before);
  });

  it('calls no writing method of the file system it is given', () => {
    const writes: string[] = [];
    const refuse = (name: string) => (target: unknown) => {
      writes.push(`${name} ${String(target)}`);
      throw new Error(`${name} called`);
    };
    const readOnly: FileSystem = {
      ...nodeFileSystem,
      openSync: (file, flags) => (readOnlyFlags(flags) ? nodeFileSystem.openSync(file, flags) : refuse('openSync')(file)),
      mkdirSync: refuse('mkdirSync'),
      copyFileSync: refuse('copyFileSync'),
      renameSync: refuse('renameSync'),
      rmSync: refuse('rmSync'),
      utimesSync: refuse('utimesSync'),
      writeFileSync: refuse('writeFileSync'),
    };
    const snapshot = readStore(store, { fs: readOnly });
    expect(writes).toEqual([]);
    expect(snapshot.projects.map((p) => p.behaviour.agent)).toEqual(['codex']);
  });

  it('reads through the injected file system only', () => {
    // A file system that sees the store under another name proves every read goes through it.
    const alias = path.join(path.dirname(store.home), 'ao-migrate-not-on-disk');
    const redirect = (p: string) => (p.startsWith(alias) ? store.home + p.slice(alias.length) : p);
    const back = (p: string) => (p.startsWith(store.home) ? alias + p.slice(store.home.length) : p);
    const redirected: FileSystem = {
      ...nodeFileSystem,
      existsSync: (p) => nodeFileSystem.existsSync(redirect(p)),
      statSync: (p) => nodeFileSystem.statSync(redirect(p)),
      lstatSync: (p) => nodeFileSystem.lstatSync(redirect(p)),
      readdirSync: (p, o) => nodeFileSystem.readdirSync(redirect(p), o),
      readFileSync: (p) => nodeFileSystem.readFileSync(redirect(p)),
      openSync: (p, flags) => nodeFileSystem.openSync(redirect(p), flags),
      realpathSync: (p) => back(nodeFileSystem.realpathSync(redirect(p))),
    };
    expect(fs.existsSync(alias)).toBe(false);
    const snapshot = readStore(store, { homeDir: alias, fs: redirected });
    expect(snapshot.root).toBe(path.join(alias, '.agent-orchestrator'));
    expect(snapshot.projects.map((p) => [p.id, p.preferredDisplayName])).toEqual([['app', 'App']]);
    expect(snapshot.sessions.map((s) => s.file)).toEqual([
      path.join(alias, '.agent-orchestrator', 'projects', 'app', 'sessions', 'app-1.json'),
      path.join(alias, '.agent-orchestrator', '0123456789ab-app', 'sessions', 'app-6'),
    ]);
  });
});
