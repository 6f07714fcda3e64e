import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createLegacyStore,
  type LegacyStore,
  lifecycleV2,
  oldLayoutSessionFields,
  sessionRecord,
} from '../../src/testing/legacy-store-builder.js';
import { notesAbout, readStore } from './read-store.js';

let store: LegacyStore;
beforeEach(() => {
  store = createLegacyStore();
});
afterEach(() => store.cleanup());

describe('old-layout sessions (<12hex>-<name>/sessions/<id>, key=value)', () => {
  it('parses key=value lines: first = splits, # lines and blanks skipped, lifecycle from statePayload', () => {
    store.writeRegistry({ projects: { app: { path: '/srv/app', storageKey: '0123456789ab-app' } } });
    const payload = JSON.stringify(lifecycleV2({ state: 'stuck' }));
    const file = store.writeOldLayoutSession(
      '0123456789ab-app',
      'app-4',
      `# written by ao 0.3\n\nbranch=feat/a=b\n  worktree = /home/u/.worktrees/app/app-4  \nagent=aider\nno equals sign here\nstateVersion=2\nstatePayload=${payload}\nstatus=working\n`,
    );
    const snapshot = readStore(store);
    expect(snapshot.sessions).toEqual([
      expect.objectContaining({
        id: 'app-4',
        projectId: 'app',
        file,
        layout: 'old',
        branch: 'feat/a=b',
        worktree: '/home/u/.worktrees/app/app-4',
        agent: 'aider',
        status: 'working',
        lifecycle: expect.objectContaining({ session: expect.objectContaining({ state: 'stuck' }) }),
      }),
    ]);
  });

  it('maps a dir by registry storageKey before the project= of its files', () => {
    store.writeRegistry({ projects: { real: { path: '/srv/real', storageKey: 'aaaaaaaaaaaa-real' } } });
    store.writeOldLayoutSession('aaaaaaaaaaaa-real', 'r-1', oldLayoutSessionFields());
    store.writeOldLayoutSession('aaaaaaaaaaaa-real', 'r-2', oldLayoutSessionFields({ project: 'somebody-else' }));
    const snapshot = readStore(store);
    // The dir belongs to `real`; a record's own `project` still wins for that record.
    expect(snapshot.sessions.map((s) => [s.id, s.projectId])).toEqual([
      ['r-1', 'real'],
      ['r-2', 'somebody-else'],
    ]);
  });

  it('maps a dir without storageKey by the project= of its first session file', () => {
    store.writeRegistry({ projects: { app: { path: '/srv/app' } } });
    store.writeOldLayoutSession('bbbbbbbbbbbb-app', 'app-1', oldLayoutSessionFields());
    store.writeOldLayoutSession('bbbbbbbbbbbb-app', 'app-2', oldLayoutSessionFields({ project: 'app' }));
    expect(readStore(store).sessions.map((s) => [s.id, s.projectId])).toEqual([
      ['app-1', 'app'],
      ['app-2', 'app'],
    ]);
  });

  it('reads a bare <12hex>/sessions dir', () => {
    store.writeOldLayoutSession('cccccccccccc', 'x-1', oldLayoutSessionFields({ project: 'x' }));
    expect(readStore(store).sessions.map((s) => [s.id, s.projectId, s.layout])).toEqual([['x-1', 'x', 'old']]);
  });

  it('keeps the sessions of a dir it cannot map to a project under the dir name, and calls the dir orphaned', () => {
    store.writeOldLayoutSession('dddddddddddd-lost', 'l-1', oldLayoutSessionFields());
    const snapshot = readStore(store);
    expect(snapshot.sessions.map((s) => [s.id, s.projectId])).toEqual([['l-1', 'dddddddddddd-lost']]);
    expect(notesAbout(snapshot, 'dddddddddddd-lost', 'none of its 1 session files says its project')).toEqual([
      expect.objectContaining({ scope: 'store' }),
    ]);
    expect(snapshot.problems).toEqual([
      expect.objectContaining({ kind: 'orphaned-store-dir', path: path.join(store.root, 'dddddddddddd-lost') }),
    ]);
  });

  it("keeps an old-layout session whose id another project's current-layout session has: a namesake, not a copy", () => {
    store.writeSession('other', 'app-1', sessionRecord({ project: 'other' }));
    store.writeOldLayoutSession('eeeeeeeeeeee-app', 'app-1', oldLayoutSessionFields({ project: 'app' }));
    store.writeOldLayoutSession('ffffffffffff-app', 'app-1', oldLayoutSessionFields({ project: 'app', branch: 'second' }));
    const snapshot = readStore(store);
    expect(snapshot.sessions.map((s) => [s.projectId, s.id, s.layout])).toEqual([
      ['app', 'app-1', 'old'],
      ['app', 'app-1', 'old'],
      ['other', 'app-1', 'current'],
    ]);
    expect(notesAbout(snapshot, 'shadowed')).toEqual([]);
  });

  it('never reads sessions/archive/', () => {
    store.writeOldLayoutSession('eeeeeeeeeeee-app', 'app-1', oldLayoutSessionFields({ project: 'app' }));
    store.writeOldLayoutSession('eeeeeeeeeeee-app', 'app-2', oldLayoutSessionFields({ project: 'app' }), { archived: true });
    store.writeSession('app', 'app-3', sessionRecord());
    store.writeFile('projects/app/sessions/archive/app-4.json', JSON.stringify(sessionRecord()));
    const snapshot = readStore(store);
    expect(snapshot.sessions.map((s) => s.id)).toEqual(['app-1', 'app-3']);
    expect(notesAbout(snapshot, 'archive')).toEqual([]);
  });

  it.each(['ffffffffffff-observability', 'ffffffffffff-app.migrated', 'portfolio', 'plugins', 'not-hex-app'])(
    'never treats %s as a project dir',
    (dir) => {
      store.writeOldLayoutSession(dir, 'app-1', oldLayoutSessionFields({ project: 'app' }));
      expect(readStore(store).sessions).toEqual([]);
    },
  );

  it('skips old-layout files with an extension or a hostile name', () => {
    store.writeOldLayoutSession('0123456789ab-app', 'app-1', oldLayoutSessionFields({ project: 'app' }));
    store.writeFile('0123456789ab-app/sessions/app-2.bak', 'project=app\n');
    store.writeFile('0123456789ab-app/sessions/app 3', 'project=app\n');
    const snapshot = readStore(store);
    expect(snapshot.sessions.map((s) => s.id)).toEqual(['app-1']);
    expect(notesAbout(snapshot, 'app-2.bak', 'not a session file')).toHaveLength(1);
    expect(notesAbout(snapshot, 'app 3', 'not a valid session id')).toHaveLength(1);
  });

  it('lets the current layout win when the same id is in both, noting the shadowed file', () => {
    store.writeRegistry({ projects: { app: { path: '/srv/app', storageKey: '0123456789ab-app' } } });
    const oldFile = store.writeOldLayoutSession('0123456789ab-app', 'app-1', oldLayoutSessionFields({ branch: 'old' }));
    store.writeOldLayoutSession('0123456789ab-app', 'app-2', oldLayoutSessionFields({ branch: 'only-old' }));
    store.writeSession('app', 'app-1', sessionRecord({ branch: 'current' }));
    const snapshot = readStore(store);
    expect(snapshot.sessions.map((s) => [s.id, s.branch, s.layout])).toEqual([
      ['app-1', 'current', 'current'],
      ['app-2', 'only-old', 'old'],
    ]);
    expect(notesAbout(snapshot, oldFile, 'shadowed')).toEqual([expect.objectContaining({ scope: 'session', id: 'app-1' })]);
  });
});
