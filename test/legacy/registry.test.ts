import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { legacyDefaultPaths } from '../../src/core/legacy/default-paths.js';
import { createLegacyStore, type LegacyStore } from '../../src/testing/legacy-store-builder.js';
import { notesAbout, readStore } from './read-store.js';

let store: LegacyStore;
beforeEach(() => {
  store = createLegacyStore();
});
afterEach(() => store.cleanup());

describe('legacyDefaultPaths', () => {
  it('puts the root under the home dir and the registry inside it by default', () => {
    expect(legacyDefaultPaths({}, '/home/u')).toEqual({
      legacyRoot: '/home/u/.agent-orchestrator',
      globalConfigPath: '/home/u/.agent-orchestrator/config.yaml',
    });
  });

  it('prefers $AO_GLOBAL_CONFIG, then $XDG_CONFIG_HOME, for the registry only', () => {
    expect(legacyDefaultPaths({ AO_GLOBAL_CONFIG: '/etc/ao.yaml', XDG_CONFIG_HOME: '/x' }, '/home/u')).toEqual({
      legacyRoot: '/home/u/.agent-orchestrator',
      globalConfigPath: '/etc/ao.yaml',
    });
    expect(legacyDefaultPaths({ XDG_CONFIG_HOME: '/x' }, '/home/u').globalConfigPath).toBe(
      '/x/agent-orchestrator/config.yaml',
    );
    expect(legacyDefaultPaths({ AO_GLOBAL_CONFIG: '', XDG_CONFIG_HOME: '' }, '/home/u').globalConfigPath).toBe(
      '/home/u/.agent-orchestrator/config.yaml',
    );
  });
});

describe('hybrid registry (shape A)', () => {
  it('reads identity from the registry, in registry order', () => {
    const app = store.repoPath('my-app');
    store.writeRegistry({
      extra: { port: 3000, notifiers: { desktop: { enabled: true } } },
      projects: {
        'my-app_3f9c2a1b7d': {
          path: app,
          displayName: 'My App',
          sessionPrefix: 'ma',
          defaultBranch: 'develop',
          repo: { owner: 'acme', name: 'my-app', platform: 'github', originUrl: 'git@github.com:acme/my-app.git' },
          registeredAt: 1781000000,
          source: 'ao-start',
          storageKey: 'aaaaaaaaaaaa-my-app',
        },
      },
    });
    // Appended as text: a JS object literal would move the integer-like key first.
    fs.appendFileSync(
      store.registryPath,
      "  '2024': { path: ~/code/year, name: Old alias name, registeredAt: '1700000000' }\n" +
        '  agent-orchestrator: { path: /srv/ao }\n',
    );

    const snapshot = readStore(store);

    expect(snapshot.registries).toEqual([
      { path: store.registryPath, foundBy: 'the legacy root', shape: 'hybrid', mtime: fs.statSync(store.registryPath).mtime, defaults: {} },
    ]);
    expect(snapshot.projects.map((p) => p.id)).toEqual(['my-app_3f9c2a1b7d', '2024', 'agent-orchestrator']);
    expect(snapshot.projects[0]).toEqual({
      id: 'my-app_3f9c2a1b7d',
      registryPath: store.registryPath,
      path: app,
      displayName: 'My App',
      sessionPrefix: 'ma',
      defaultBranch: 'develop',
      repoOriginUrl: 'git@github.com:acme/my-app.git',
      registeredAtEpochSeconds: 1781000000,
      storageKey: 'aaaaaaaaaaaa-my-app',
      behaviour: { droppedKeys: [] },
    });
    // `~` stays verbatim; `name` is the older alias of displayName; numeric text is a number.
    expect(snapshot.projects[1]).toMatchObject({
      path: '~/code/year',
      displayName: 'Old alias name',
      registeredAtEpochSeconds: 1700000000,
    });
  });

  it('reads the registry top-level agent defaults', () => {
    store.writeRegistry({
      defaults: { agent: 'codex', orchestrator: { agent: 'claude-code' }, worker: { agent: 'aider' } },
      projects: {},
    });
    expect(readStore(store).registries[0]?.defaults).toEqual({
      agent: 'codex',
      orchestratorAgent: 'claude-code',
      workerAgent: 'aider',
    });
  });

  it('ignores identity fields of the wrong type, with a note, and keeps the project', () => {
    store.writeRegistry({
      projects: {
        app: { path: '/srv/app', displayName: ['x'] as never, registeredAt: 'yesterday', repo: { originUrl: 7 } as never },
      },
    });
    const snapshot = readStore(store);
    expect(snapshot.projects).toEqual([{ id: 'app', registryPath: store.registryPath, path: '/srv/app', behaviour: { droppedKeys: [] } }]);
    for (const field of ['displayName', 'registeredAt', 'repo']) {
      expect(notesAbout(snapshot, 'app', field)).toHaveLength(1);
    }
  });

  it('skips an entry without a usable path, or that is not a map, with a project note', () => {
    store.writeRegistry({
      projects: { good: { path: '/srv/good' }, nopath: { displayName: 'x' } as never, scalar: 'hello' as never },
    });
    const snapshot = readStore(store);
    expect(snapshot.projects.map((p) => p.id)).toEqual(['good']);
    expect(snapshot.notes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ scope: 'project', id: 'nopath' }),
        expect.objectContaining({ scope: 'project', id: 'scalar' }),
      ]),
    );
  });

  it('asks git for the origin only when the registry has no URL and the path exists', () => {
    const withUrl = store.repoPath('with-url');
    const withoutUrl = store.repoPath('without-url');
    store.writeRegistry({
      projects: {
        a: { path: withUrl, repo: { originUrl: 'https://example.com/a.git' } },
        b: { path: '~/code/without-url' },
        c: { path: '/does/not/exist' },
      },
    });
    const asked: string[] = [];
    const snapshot = readStore(store, {
      git: {
        remoteOriginUrl(repoPath) {
          asked.push(repoPath);
          return 'git@example.com:b.git';
        },
      },
    });
    expect(asked).toEqual([withoutUrl]); // `~` expanded for the call
    expect(snapshot.projects.map((p) => [p.id, p.repoOriginUrl, p.gitOriginUrl])).toEqual([
      ['a', 'https://example.com/a.git', undefined],
      ['b', undefined, 'git@example.com:b.git'],
      ['c', undefined, undefined],
    ]);
  });

  it('reads the registry from $AO_GLOBAL_CONFIG or $XDG_CONFIG_HOME when set', () => {
    const elsewhere = path.join(store.home, 'xdg', 'agent-orchestrator', 'config.yaml');
    store.writeRegistry({ path: elsewhere, projects: { xdg: { path: '/srv/xdg' } } });
    store.writeRegistry({ projects: { root: { path: '/srv/root' } } });

    const viaXdg = readStore(store, { env: { XDG_CONFIG_HOME: path.join(store.home, 'xdg') } });
    expect(viaXdg.registries.map((r) => [r.path, r.foundBy])).toEqual([[elsewhere, '$XDG_CONFIG_HOME']]);
    expect(viaXdg.projects.map((p) => p.id)).toEqual(['xdg']);

    const viaExplicit = readStore(store, { env: { AO_GLOBAL_CONFIG: elsewhere, XDG_CONFIG_HOME: '/nowhere' } });
    expect(viaExplicit.projects.map((p) => p.id)).toEqual(['xdg']);

    expect(readStore(store).projects.map((p) => p.id)).toEqual(['root']);
  });
});

describe('wrapped registry (shape C)', () => {
  it('is detected by behaviour keys in an entry and takes behaviour inline', () => {
    store.writeRegistry({
      shape: 'wrapped',
      projects: {
        legacy: {
          path: '/srv/legacy',
          name: 'Legacy',
          repo: 'acme/legacy',
          defaultBranch: 'master',
          sessionPrefix: 'lg',
          behaviour: {
            agent: 'codex',
            runtime: 'tmux',
            env: { FOO: 'bar' },
            agentConfig: { permissions: 'skip', model: 'o3' },
            tracker: { plugin: 'github' },
          },
        },
        plain: { path: '/srv/plain' },
      },
    });
    const snapshot = readStore(store);
    expect(snapshot.registries[0]?.shape).toBe('wrapped');
    expect(snapshot.projects[0]).toEqual({
      id: 'legacy',
      registryPath: store.registryPath,
      path: '/srv/legacy',
      displayName: 'Legacy',
      defaultBranch: 'master',
      sessionPrefix: 'lg',
      behaviour: {
        agent: 'codex',
        env: { FOO: 'bar' },
        agentConfig: { permissions: 'skip', model: 'o3' },
        droppedKeys: ['runtime', 'tracker'],
      },
    });
    expect(snapshot.projects[1]).toEqual({ id: 'plain', registryPath: store.registryPath, path: '/srv/plain', behaviour: { droppedKeys: [] } });
  });

  it('does not read per-repo behaviour files', () => {
    const repo = store.repoPath('legacy');
    store.writeBehaviourFile(repo, { agent: 'aider' });
    store.writeRegistry({ shape: 'wrapped', projects: { legacy: { path: repo, behaviour: { agent: 'codex' } } } });
    expect(readStore(store).projects[0]?.behaviour.agent).toBe('codex');
  });
});

describe('portfolio overlays', () => {
  it('adds the preferred display name by id and registered.json addedAt by path', () => {
    const app = store.repoPath('app');
    store.writeRegistry({ projects: { app: { path: '~/code/app' }, other: { path: '/srv/other' } } });
    store.writePortfolio({
      preferences: { app: { displayName: 'The App', pinned: true }, other: { pinned: false } },
      registered: [
        { path: app, configProjectKey: 'app', addedAt: '2025-11-01T08:00:00.000Z' },
        { path: '/srv/unrelated', addedAt: '2025-01-01T00:00:00.000Z' },
      ],
    });
    const [app0, other] = readStore(store).projects;
    expect(app0).toMatchObject({ preferredDisplayName: 'The App', registeredJsonAddedAt: '2025-11-01T08:00:00.000Z' });
    expect(other?.preferredDisplayName).toBeUndefined();
    expect(other?.registeredJsonAddedAt).toBeUndefined();
  });

  it('ignores a malformed portfolio file with a store note', () => {
    store.writeRegistry({ projects: { app: { path: '/srv/app' } } });
    store.writeFile('portfolio/preferences.json', '{ not json');
    store.writeFile('portfolio/registered.json', '{"projects": "nope"}');
    const snapshot = readStore(store);
    expect(snapshot.projects).toHaveLength(1);
    expect(notesAbout(snapshot, 'preferences.json', 'not valid JSON')).toHaveLength(1);
    expect(notesAbout(snapshot, 'registered.json', 'unexpected shape')).toHaveLength(1);
  });
});

describe('missing or broken store', () => {
  it('gives an empty snapshot and a problem when there is no legacy root at all', () => {
    const nowhere = path.join(store.home, 'nothing-here');
    const snapshot = readStore(store, { legacyRoot: nowhere });
    expect(snapshot).toMatchObject({ registries: [], projects: [], sessions: [] });
    expect(snapshot.problems).toEqual([
      { kind: 'legacy-root-missing', path: nowhere, message: expect.stringContaining(`${nowhere} does not exist`) },
    ]);
    expect(snapshot.problems[0]?.message).toContain('--legacy-root');
  });

  it('still reads sessions when the registry is missing, and calls their dir orphaned', () => {
    store.writeSession('app', 'app-1', { branch: 'b' });
    const snapshot = readStore(store);
    expect(snapshot.registries).toEqual([]);
    expect(snapshot.projects).toEqual([]);
    expect(snapshot.sessions.map((s) => [s.projectId, s.id])).toEqual([['app', 'app-1']]);
    expect(notesAbout(snapshot, 'no legacy registry')).toHaveLength(1);
    expect(snapshot.problems).toEqual([
      {
        kind: 'orphaned-store-dir',
        path: path.join(store.root, 'projects', 'app'),
        message: expect.stringMatching(/holds 1 live session \(app-1\) that no registry found owns: pass the registry .* with --config/),
      },
    ]);
  });

  it.each([
    ['invalid YAML', 'projects: [unclosed', 'not valid YAML'],
    ['duplicate keys', 'projects:\n  a: {path: /a}\n  a: {path: /b}\n', 'not valid YAML'],
    ['a YAML list', '- a\n- b\n', 'not a YAML map'],
    ['projects as a list', 'projects:\n  - /srv/a\n', '`projects` in it is not a map'],
  ])('a registry that is %s is a problem, and no project is read from it', (_, text, message) => {
    store.writeFile('config.yaml', text);
    const snapshot = readStore(store);
    expect(snapshot.projects).toEqual([]);
    expect(snapshot.registries).toEqual([]);
    expect(snapshot.problems).toEqual([
      { kind: 'registry-unreadable', path: store.registryPath, message: expect.stringContaining(message) },
    ]);
  });
});

describe('every registry legacy used (issue 12)', () => {
  /** 0.2.x's store dir name for a project of a config: first 12 hex of sha256 of the config's real dir, then the path's basename. */
  const storeDirName = (config: string, projectPath: string) =>
    `${createHash('sha256').update(path.dirname(fs.realpathSync(config))).digest('hex').slice(0, 12)}-${path.basename(projectPath)}`;

  it("reads the current rule's registry, $AO_CONFIG_PATH, the home configs and every .origin's, each once, each project naming its own", () => {
    const root = store.writeRegistry({ projects: { rooted: { path: '/srv/rooted' } } });
    const dotfile = store.writeRegistry({ path: path.join(store.home, '.agent-orchestrator.yaml'), shape: 'wrapped', projects: { dot: { path: '/srv/dot', behaviour: { tracker: {} } } } });
    const xdg = store.writeRegistry({ path: path.join(store.home, '.config', 'agent-orchestrator', 'config.yaml'), projects: { xdg: { path: '/srv/xdg' } } });
    const envNamed = store.writeRegistry({ path: path.join(store.home, 'env', 'ao.yaml'), projects: { env: { path: '/srv/env' } } });
    const repo = store.repoPath('web-admin');
    const inRepo = store.writeRegistry({ path: path.join(repo, 'agent-orchestrator.yaml'), shape: 'wrapped', projects: { 'web-admin': { path: repo, behaviour: { scm: {} } } } });
    store.writeFile(`${storeDirName(inRepo, repo)}/.origin`, fs.realpathSync(inRepo));
    store.writeFile('aaaaaaaaaaaa-dot/.origin', fs.realpathSync(dotfile)); // a second way to the same file

    const snapshot = readStore(store, { env: { AO_CONFIG_PATH: envNamed } });
    expect(snapshot.registries.map((r) => [r.path, r.foundBy])).toEqual([
      [root, 'the legacy root'],
      [envNamed, '$AO_CONFIG_PATH'],
      [dotfile, '~/.agent-orchestrator.yaml'],
      [xdg, `~/${path.join('.config', 'agent-orchestrator', 'config.yaml')}`],
      [inRepo, `the .origin of ${storeDirName(inRepo, repo)}`],
    ]);
    expect(snapshot.projects.map((p) => [p.id, p.registryPath])).toEqual([
      ['rooted', root],
      ['env', envNamed],
      ['dot', dotfile],
      ['xdg', xdg],
      ['web-admin', inRepo],
    ]);
    expect(snapshot.problems).toEqual([]);
  });

  it('reads only the given registries, one or several; a given one that is missing is a problem', () => {
    const a = store.writeRegistry({ path: path.join(store.home, 'a.yaml'), projects: { a: { path: '/srv/a' } } });
    const b = store.writeRegistry({ path: path.join(store.home, 'b.yaml'), projects: { b: { path: '/srv/b' } } });
    store.writeRegistry({ path: path.join(store.home, '.agent-orchestrator.yaml'), projects: { home: { path: '/srv/home' } } });
    expect(readStore(store, { globalConfigPath: a }).projects.map((p) => p.id)).toEqual(['a']);
    expect(readStore(store, { globalConfigPath: [b, a] }).projects.map((p) => p.id)).toEqual(['b', 'a']);
    const missing = path.join(store.home, 'typo.yaml');
    expect(readStore(store, { globalConfigPath: [a, missing] }).problems).toEqual([
      { kind: 'registry-missing', path: missing, message: expect.stringContaining(`no legacy registry at ${missing} (named by --config)`) },
    ]);
  });

  it('gives a 0.2.x store dir to the project it is named after, even when its sessions do not say their project', () => {
    const repo = store.repoPath('web-admin');
    const inRepo = store.writeRegistry({ path: path.join(repo, 'agent-orchestrator.yaml'), shape: 'wrapped', projects: { 'web-admin': { path: repo, behaviour: { scm: {} } } } });
    store.writeFile(`${storeDirName(inRepo, repo)}/.origin`, fs.realpathSync(inRepo));
    store.writeOldLayoutSession(storeDirName(inRepo, repo), 'wa-1', { branch: 'b', status: 'working' });
    const [session] = readStore(store).sessions;
    expect(session).toMatchObject({ id: 'wa-1', projectId: 'web-admin' });
  });

  it('leaves out the sessions of a dir whose .origin names a registry that does not own them, and says what to do', () => {
    const repo = store.repoPath('web-admin');
    store.writeRegistry({ projects: { 'web-admin': { path: '/srv/another-web-admin' } } });
    const gone = path.join(repo, 'agent-orchestrator.yaml');
    store.writeFile('bbbbbbbbbbbb-web-admin/.origin', gone);
    store.writeOldLayoutSession('bbbbbbbbbbbb-web-admin', 'wa-1', { project: 'web-admin', branch: 'b', status: 'working' });
    const snapshot = readStore(store);
    expect(snapshot.sessions).toEqual([]); // never given to the other registry's web-admin
    expect(snapshot.problems).toEqual([
      {
        kind: 'orphaned-store-dir',
        path: path.join(store.root, 'bbbbbbbbbbbb-web-admin'),
        message: expect.stringContaining(`holds 1 live session (wa-1) that no registry found owns: its .origin names ${gone}, which no longer exists`),
      },
    ]);
  });
});

describe('one project id in two registries', () => {
  const storeDirName = (config: string, projectPath: string) =>
    `${createHash('sha256').update(path.dirname(fs.realpathSync(config))).digest('hex').slice(0, 12)}-${path.basename(projectPath)}`;

  it('at another path: the later one’s store dir is a problem, its sessions never go to the earlier project', () => {
    const first = store.repoPath('app');
    const second = path.join(store.home, 'elsewhere', 'app');
    fs.mkdirSync(second, { recursive: true });
    const a = store.writeRegistry({ path: path.join(store.home, '.agent-orchestrator.yaml'), projects: { app: { path: first } } });
    const b = store.writeRegistry({ path: path.join(second, 'agent-orchestrator.yaml'), shape: 'wrapped', projects: { app: { path: second, behaviour: { scm: {} } } } });
    store.writeFile(`${storeDirName(a, first)}/.origin`, fs.realpathSync(a));
    store.writeFile(`${storeDirName(b, second)}/.origin`, fs.realpathSync(b));
    store.writeOldLayoutSession(storeDirName(a, first), 'ap-1', { project: 'app', branch: 'one', status: 'working' });
    store.writeOldLayoutSession(storeDirName(b, second), 'ap-1', { project: 'app', branch: 'two', status: 'working' });
    const snapshot = readStore(store);
    expect(snapshot.sessions.map((s) => [s.projectId, s.branch])).toEqual([['app', 'one']]);
    expect(snapshot.problems).toEqual([
      {
        kind: 'orphaned-store-dir',
        path: path.join(store.root, storeDirName(b, second)),
        message: expect.stringContaining(`has the id of the project at ${first} in ${a}, which is the one migrated`),
      },
    ]);
  });

  it('at the same path (a repo-local config and a shared one): one project, the sessions of both store dirs', () => {
    const repo = store.repoPath('app');
    const a = store.writeRegistry({ path: path.join(store.home, '.agent-orchestrator.yaml'), projects: { app: { path: repo } } });
    const b = store.writeRegistry({ path: path.join(repo, 'agent-orchestrator.yaml'), shape: 'wrapped', projects: { app: { path: repo, behaviour: { scm: {} } } } });
    store.writeFile(`${storeDirName(a, repo)}/.origin`, fs.realpathSync(a));
    store.writeFile(`${storeDirName(b, repo)}/.origin`, fs.realpathSync(b));
    store.writeOldLayoutSession(storeDirName(a, repo), 'ap-1', { project: 'app', branch: 'one', status: 'working' });
    store.writeOldLayoutSession(storeDirName(b, repo), 'ap-2', { project: 'app', branch: 'two', status: 'working' });
    const snapshot = readStore(store);
    expect(snapshot.sessions.map((s) => [s.projectId, s.id])).toEqual([['app', 'ap-1'], ['app', 'ap-2']]);
    expect(snapshot.problems).toEqual([]);
  });
});
