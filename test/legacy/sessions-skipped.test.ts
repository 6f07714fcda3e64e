import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeFileSystem, type FileSystem } from '../../src/core/effects/fs.js';
import { createLegacyStore, type LegacyStore, sessionRecord } from '../../src/testing/legacy-store-builder.js';
import { notesAbout, readStore } from './read-store.js';

let store: LegacyStore;
let sessionsDir: string;
beforeEach(() => {
  store = createLegacyStore();
  store.writeRegistry({ projects: { app: { path: '/srv/app' } } });
  sessionsDir = path.join(store.root, 'projects', 'app', 'sessions');
});
afterEach(() => store.cleanup());

/** The ids read, and the store/session notes that name `file`. */
function readWith(file: string) {
  const snapshot = readStore(store);
  return { ids: snapshot.sessions.map((s) => s.id), notes: notesAbout(snapshot, file), snapshot };
}

describe('files skipped in a sessions dir, each with a note and never a crash', () => {
  it('skips a 0-byte record as a reserved id', () => {
    store.writeSession('app', 'app-1', '');
    store.writeSession('app', 'app-2', sessionRecord());
    const { ids, notes } = readWith('app-1.json');
    expect(ids).toEqual(['app-2']);
    expect(notes).toEqual([expect.objectContaining({ scope: 'store', message: expect.stringContaining('reserved id') })]);
  });

  it('never imports a .corrupt-<ms> copy, and flags the live record beside it as maybe partial', () => {
    store.writeSession('app', 'app-1', sessionRecord());
    store.writeFile('projects/app/sessions/app-1.json.corrupt-1781000000000', '{"branch": "tru');
    store.writeFile('projects/app/sessions/app-9.json.corrupt-1781000000000', '{');
    const { ids, snapshot } = readWith('corrupt');
    expect(ids).toEqual(['app-1']);
    expect(notesAbout(snapshot, 'app-1.json.corrupt-1781000000000', 'never imported')).toHaveLength(1);
    expect(notesAbout(snapshot, 'app-9.json.corrupt-1781000000000', 'never imported')).toHaveLength(1);
    expect(snapshot.notes).toContainEqual(
      expect.objectContaining({ scope: 'session', id: 'app-1', message: expect.stringContaining('may be partial') }),
    );
  });

  it.each([
    ['app-1.json.lock', 'lock file'],
    ['app-1.json.tmp', 'temporary'],
    ['app-1.json.tmp.4242', 'temporary'],
    ['app-1.json.tmp.4242.1781000000000', 'temporary'],
    ['notes.txt', 'not a session file'],
    ['bad id!.json', 'not a valid session id'],
    ['..json', 'not a valid session id'],
  ])('skips %s', (name, reason) => {
    store.writeSession('app', 'app-1', sessionRecord());
    store.writeFile(`projects/app/sessions/${name}`, '{"branch": "x"}');
    const { ids, notes } = readWith(name);
    expect(ids).toEqual(['app-1']);
    expect(notes).toEqual([expect.objectContaining({ scope: 'store', message: expect.stringContaining(reason) })]);
  });

  it('skips a .ghcache/ dir and other directories where files are expected', () => {
    store.writeSession('app', 'app-1', sessionRecord());
    store.writeFile('projects/app/sessions/.ghcache/pr-1.json', '{}');
    store.writeFile('projects/app/sessions/app-2.json/inner', 'x');
    const { ids, snapshot } = readWith('');
    expect(ids).toEqual(['app-1']);
    expect(notesAbout(snapshot, '.ghcache', 'GitHub')).toHaveLength(1);
    expect(notesAbout(snapshot, 'app-2.json', 'directory where a session file was expected')).toHaveLength(1);
  });

  it('skips a file where a project directory or a sessions directory was expected', () => {
    store.writeFile('projects/stray.json', '{}');
    store.writeFile('projects/other/sessions', 'x');
    store.writeSession('app', 'app-1', sessionRecord());
    const { ids, snapshot } = readWith('');
    expect(ids).toEqual(['app-1']);
    expect(notesAbout(snapshot, 'stray.json', 'project directory was expected')).toHaveLength(1);
    expect(notesAbout(snapshot, path.join('other', 'sessions'), 'sessions directory was expected')).toHaveLength(1);
  });

  it.each([
    ['invalid JSON', '{"branch": ', 'not valid JSON'],
    ['a JSON array', '[{"branch": "x"}]', 'JSON array'],
    ['a JSON string', '"hello"', 'JSON string'],
    ['JSON null', 'null', 'JSON null'],
  ])('skips %s with a note naming the file', (_, text, reason) => {
    store.writeSession('app', 'app-1', text);
    const { ids, notes } = readWith('app-1.json');
    expect(ids).toEqual([]);
    expect(notes).toEqual([expect.objectContaining({ scope: 'store', message: expect.stringContaining(reason) })]);
  });

  it('skips an __from-<12hex> alias when the plain record exists', () => {
    store.writeSession('app', 'app-1', sessionRecord({ branch: 'plain' }));
    store.writeSession('app', 'app-1__from-0123456789ab', sessionRecord({ branch: 'alias' }));
    const { snapshot, notes } = readWith('app-1__from-0123456789ab.json');
    expect(snapshot.sessions.map((s) => [s.id, s.branch])).toEqual([['app-1', 'plain']]);
    expect(notes).toEqual([expect.objectContaining({ message: expect.stringContaining('duplicate alias') })]);
  });

  it('reads an __from-<12hex> alias as the plain id when the plain record is absent', () => {
    const file = store.writeSession('app', 'app-1__from-0123456789ab', sessionRecord({ branch: 'alias' }));
    const [session] = readStore(store).sessions;
    expect(session).toMatchObject({ id: 'app-1', branch: 'alias', file });
  });

  it('does not follow a symlink that points outside the store', () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'ao-migrate-outside-'));
    try {
      fs.writeFileSync(path.join(outside, 'secret.json'), JSON.stringify(sessionRecord()));
      fs.mkdirSync(path.join(outside, 'sessions'));
      fs.writeFileSync(path.join(outside, 'sessions', 'evil-1.json'), JSON.stringify(sessionRecord()));
      fs.mkdirSync(sessionsDir, { recursive: true });
      fs.symlinkSync(path.join(outside, 'secret.json'), path.join(sessionsDir, 'app-7.json'));
      fs.mkdirSync(path.join(store.root, 'projects', 'evil'), { recursive: true });
      fs.symlinkSync(path.join(outside, 'sessions'), path.join(store.root, 'projects', 'evil', 'sessions'));
      store.writeSession('app', 'app-1', sessionRecord());
      // A symlink that stays inside the store is followed; to another session file, that file is read once, as itself.
      fs.symlinkSync(path.join(sessionsDir, 'app-1.json'), path.join(sessionsDir, 'app-2.json'));
      const kept = path.join(store.root, 'kept.json');
      fs.writeFileSync(kept, JSON.stringify(sessionRecord()));
      fs.symlinkSync(kept, path.join(sessionsDir, 'app-3.json'));

      const { ids, snapshot } = readWith('');
      expect(ids).toEqual(['app-1', 'app-3']);
      expect(notesAbout(snapshot, 'app-2.json', 'read as itself')).toHaveLength(1);
      expect(notesAbout(snapshot, 'app-7.json', 'outside the legacy store')).toHaveLength(1);
      expect(notesAbout(snapshot, path.join('evil', 'sessions'), 'outside the legacy store')).toHaveLength(1);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it('notes an unreadable file and reads the rest (injected file system)', () => {
    store.writeSession('app', 'app-1', sessionRecord());
    const locked = store.writeSession('app', 'app-2', sessionRecord());
    const fsWithLockedFile: FileSystem = {
      ...nodeFileSystem,
      openSync(file, flags) {
        if (file === locked) throw Object.assign(new Error(`EACCES: permission denied, open '${file}'`), { code: 'EACCES' });
        return nodeFileSystem.openSync(file, flags);
      },
    };
    const snapshot = readStore(store, { fs: fsWithLockedFile });
    expect(snapshot.sessions.map((s) => s.id)).toEqual(['app-1']);
    expect(notesAbout(snapshot, 'app-2.json', 'could not be read', 'EACCES')).toHaveLength(1);
  });
});
