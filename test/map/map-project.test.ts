import { describe, expect, it } from 'vitest';
import { type ProjectMapContext, mapProject } from '../../src/core/map/map-project.js';
import { legacyProject } from './legacy-builders.js';

const context: ProjectMapContext = {
  homeDir: '/home/dev',
  now: new Date('2026-07-01T12:00:00.000Z'),
  registryMtime: new Date('2026-05-02T03:04:05.600Z'),
  defaults: {},
};

function created(mapping: ReturnType<typeof mapProject>) {
  if (mapping.action !== 'create') throw new Error(`expected a row, got skip: ${mapping.reason}`);
  return mapping;
}

describe('mapProject', () => {
  it('maps a complete registry entry to its row', () => {
    const mapping = created(
      mapProject(
        legacyProject({
          id: 'agent-orchestrator',
          path: '~/code/agent-orchestrator/',
          displayName: 'Agent Orchestrator',
          sessionPrefix: 'ao',
          repoOriginUrl: 'git@github.com:acme/agent-orchestrator.git',
          registeredAtEpochSeconds: 1_780_000_000,
        }),
        context,
      ),
    );
    expect(mapping.row).toEqual({
      id: 'agent-orchestrator',
      path: '/home/dev/code/agent-orchestrator',
      repo_origin_url: 'git@github.com:acme/agent-orchestrator.git',
      display_name: 'Agent Orchestrator',
      registered_at: '2026-05-28 20:26:40 +0000 UTC',
      kind: 'single_repo',
      config: '{"sessionPrefix":"ao"}',
    });
    expect(mapping.sessionPrefix).toBe('ao');
    expect(mapping.notes).toEqual([]);
  });

  describe('path', () => {
    it.each([
      ['~', '/home/dev'],
      ['/srv//repos/./app/../api/', '/srv/repos/api'],
      ['/', '/'],
      ['C:/Users/dev/app/', 'C:\\Users\\dev\\app'],
      ['C:\\Users\\dev\\..\\app', 'C:\\Users\\app'],
    ])('%s → %s', (path, cleaned) => {
      expect(created(mapProject(legacyProject({ path }), context)).row.path).toBe(cleaned);
    });

    it('does not expand ~user, and skips a path that is not absolute', () => {
      for (const path of ['~bob/app', 'code/app', '']) {
        const mapping = mapProject(legacyProject({ path }), context);
        expect(mapping.action).toBe('skip');
        if (mapping.action === 'skip') expect(mapping.reason).toContain('not absolute');
      }
    });
  });

  describe('id', () => {
    it.each(['my-app_3f9c2a1b7d', 'a', 'v1.2', 'A_b-C'])('accepts %s', (id) => {
      expect(mapProject(legacyProject({ id }), context).action).toBe('create');
    });

    it.each(['-app', '.hidden', 'a..b', 'my app', 'a/b', ''])('skips %j with a reason, keeping its prefix', (id) => {
      const mapping = mapProject(legacyProject({ id, sessionPrefix: 'ma' }), context);
      expect(mapping.action).toBe('skip');
      expect(mapping.sessionPrefix).toBe('ma');
      if (mapping.action === 'skip') expect(mapping.reason).toContain('not valid');
    });
  });

  describe('repo_origin_url', () => {
    it('falls back to the git remote, then to empty', () => {
      expect(created(mapProject(legacyProject({ gitOriginUrl: 'https://x/y.git' }), context)).row.repo_origin_url)
        .toBe('https://x/y.git');
      expect(
        created(mapProject(legacyProject({ repoOriginUrl: 'https://a/b.git', gitOriginUrl: 'https://x/y.git' }), context))
          .row.repo_origin_url,
      ).toBe('https://a/b.git');
      expect(created(mapProject(legacyProject(), context)).row.repo_origin_url).toBe('');
    });
  });

  describe('display_name', () => {
    it('prefers the portfolio name', () => {
      const project = legacyProject({ preferredDisplayName: 'AO (mine)', displayName: 'Agent Orchestrator' });
      expect(created(mapProject(project, context)).row.display_name).toBe('AO (mine)');
    });

    it('uses the registry name only when it says more than the id', () => {
      expect(created(mapProject(legacyProject({ displayName: 'agent-orchestrator' }), context)).row.display_name).toBe('');
      expect(created(mapProject(legacyProject({ displayName: 'AO' }), context)).row.display_name).toBe('AO');
      expect(created(mapProject(legacyProject(), context)).row.display_name).toBe('');
    });
  });

  describe('registered_at', () => {
    it('falls back to registered.json addedAt, noting the provenance', () => {
      const mapping = created(mapProject(legacyProject({ registeredJsonAddedAt: '2026-03-04T05:06:07.890Z' }), context));
      expect(mapping.row.registered_at).toBe('2026-03-04 05:06:07.89 +0000 UTC');
      expect(mapping.notes.map((note) => note.message)).toContain(
        'registered_at taken from portfolio/registered.json addedAt.',
      );
    });

    it('falls through an invalid addedAt to the registry mtime, noting both', () => {
      const mapping = created(mapProject(legacyProject({ registeredJsonAddedAt: 'last tuesday' }), context));
      expect(mapping.row.registered_at).toBe('2026-05-02 03:04:05.6 +0000 UTC');
      const messages = mapping.notes.map((note) => note.message);
      expect(messages).toContain("portfolio/registered.json addedAt 'last tuesday' is not a valid time; ignored.");
      expect(messages).toContain('registered_at taken from the registry file mtime.');
    });

    it('falls back to now without a registry file', () => {
      const mapping = created(mapProject(legacyProject(), { ...context, registryMtime: null }));
      expect(mapping.row.registered_at).toBe('2026-07-01 12:00:00 +0000 UTC');
      expect(mapping.notes.map((note) => note.message)).toContain('registered_at taken from the current time.');
    });
  });

  describe('sessionPrefix', () => {
    it('derives it from the path, not the id, when the registry has none, and writes it to config', () => {
      const mapping = created(mapProject(legacyProject({ id: 'web_3f9c2a1b7d', path: '/code/MyWebApp' }), context));
      expect(mapping.sessionPrefix).toBe('mwa');
      expect(mapping.row.config).toBe('{"sessionPrefix":"mwa"}');
      expect(mapping.notes.some((note) => note.message.includes("using 'mwa'"))).toBe(true);
    });

    it.each(['ao-1', 'web.v2', 'A_b', '9lives'])('keeps the registry prefix %j, which is a safe path segment, without a note', (prefix) => {
      const mapping = created(mapProject(legacyProject({ sessionPrefix: prefix, registeredAtEpochSeconds: 1_780_000_000 }), context));
      expect(mapping.sessionPrefix).toBe(prefix);
      expect(mapping.row.config).toBe(JSON.stringify({ sessionPrefix: prefix }));
      expect(mapping.notes).toEqual([]);
    });

    // The daemon builds <data dir>/worktrees/<id>/orchestrator/<prefix>-orchestrator from it.
    it.each(['../x', 'a/b', 'a\\b', '..', 'a..b', 'a\0b', 'my app', ' ao', 'ao\n', '-ao', '.ao', 'é'])(
      'does not write the registry prefix %j: uses the derived one, with a note naming it',
      (prefix) => {
        const mapping = created(
          mapProject(legacyProject({ path: '/code/agent-orchestrator', sessionPrefix: prefix, registeredAtEpochSeconds: 1_780_000_000 }), context),
        );
        expect(mapping.sessionPrefix).toBe('ao');
        expect(mapping.row.config).toBe(JSON.stringify({ sessionPrefix: 'ao' }));
        expect(mapping.notes).toEqual([
          {
            scope: 'project',
            id: 'agent-orchestrator',
            message: expect.stringContaining(`sessionPrefix ${JSON.stringify(prefix)} cannot name a directory`),
          },
        ]);
        expect(mapping.notes[0]?.message).toContain("using 'ao', derived from the path");
      },
    );

    it("falls back to the rewrite's own default, the id's first 12 characters, when the derived prefix is not safe either", () => {
      const mapping = created(
        mapProject(legacyProject({ id: 'my-project_3f9c2a1b7d', path: '/code/my app', sessionPrefix: 'a/b', registeredAtEpochSeconds: 1_780_000_000 }), context),
      );
      expect(mapping.sessionPrefix).toBe('my-project_3');
      expect(mapping.row.config).toBe(JSON.stringify({ sessionPrefix: 'my-project_3' }));
      expect(mapping.notes.map((note) => note.message)).toEqual([expect.stringMatching(/"a\/b" cannot name a directory.*"my ".*using 'my-project_3'/)]);
    });
  });

  it('still maps the identity of a degraded project, with a note', () => {
    const mapping = created(mapProject(legacyProject({ sessionPrefix: 'ao', registeredAtEpochSeconds: 1_780_000_000, degraded: 'bad indentation at line 3' }), context));
    expect(mapping.row.path).toBe('/home/dev/code/agent-orchestrator');
    expect(mapping.notes).toHaveLength(1);
    expect(mapping.notes[0]).toMatchObject({ scope: 'project', id: 'agent-orchestrator' });
    expect(mapping.notes[0]?.message).toContain('bad indentation at line 3');
  });

  it('carries config notes as project notes', () => {
    const project = legacyProject({
      sessionPrefix: 'ao',
      registeredAtEpochSeconds: 1_780_000_000,
      behaviour: { droppedKeys: ['scm'] },
    });
    expect(created(mapProject(project, context)).notes).toEqual([
      { scope: 'project', id: 'agent-orchestrator', message: 'scm: no equivalent in the rewrite; dropped.' },
    ]);
  });
});
