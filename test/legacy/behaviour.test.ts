import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLegacyStore, type LegacyStore } from '../../src/testing/legacy-store-builder.js';
import { notesAbout, readStore } from './read-store.js';

let store: LegacyStore;
let repo: string;
beforeEach(() => {
  store = createLegacyStore();
  repo = store.repoPath('app');
  store.writeRegistry({ projects: { app: { path: repo, displayName: 'App', sessionPrefix: 'app' } } });
});
afterEach(() => store.cleanup());

const project = () => {
  const snapshot = readStore(store);
  return { snapshot, app: snapshot.projects[0] };
};

describe('per-repo behaviour file (shape B)', () => {
  it('reads every behaviour key that has a rewrite home', () => {
    store.writeBehaviourFile(repo, {
      agent: 'claude-code',
      env: { NODE_ENV: 'test', API_URL: 'http://localhost' },
      symlinks: ['.env', 'node_modules'],
      postCreate: ['pnpm install'],
      agentConfig: { permissions: 'auto-edit', model: 'opus', orchestratorModel: 'sonnet' },
      worker: { agent: 'codex', agentConfig: { model: 'o3' } },
      orchestrator: { agent: 'claude-code' },
    });
    const { snapshot, app } = project();
    expect(app?.behaviour).toEqual({
      agent: 'claude-code',
      env: { NODE_ENV: 'test', API_URL: 'http://localhost' },
      symlinks: ['.env', 'node_modules'],
      postCreate: ['pnpm install'],
      agentConfig: { permissions: 'auto-edit', model: 'opus', orchestratorModel: 'sonnet' },
      worker: { agent: 'codex', agentConfig: { model: 'o3' } },
      orchestrator: { agent: 'claude-code' },
      droppedKeys: [],
    });
    expect(app?.degraded).toBeUndefined();
    expect(snapshot.notes).toEqual([]);
  });

  it('reads the rule keys, lists keys without a rewrite home in file order, and ignores identity and unknown keys', () => {
    store.writeBehaviourFile(
      repo,
      [
        'scm: { plugin: github }',
        'path: /somewhere/else',
        'displayName: Not this one',
        'workspace: worktree',
        'orchestratorSessionStrategy: reuse',
        'reactions: { ci-failed: { auto: true } }',
        'someFutureKey: 1',
        'agentRules: be nice',
        'agentRulesFile: RULES.md',
        'orchestratorRules: plan first',
        'runtime: tmux',
        'tracker: { plugin: linear }',
        'agent: aider',
      ].join('\n'),
    );
    const { app } = project();
    expect(app?.path).toBe(repo);
    expect(app?.displayName).toBe('App');
    expect(app?.behaviour).toEqual({
      agent: 'aider',
      agentRules: 'be nice',
      agentRulesFile: 'RULES.md',
      orchestratorRules: 'plan first',
      droppedKeys: [
        'scm',
        'workspace',
        'orchestratorSessionStrategy',
        'reactions',
        'runtime',
        'tracker',
      ],
    });
  });

  it('reads agent-orchestrator.yml when there is no .yaml', () => {
    store.writeBehaviourFile(repo, { agent: 'opencode' }, { ext: 'yml' });
    expect(project().app?.behaviour.agent).toBe('opencode');
  });

  it('uses agent-orchestrator.yaml when .yml is there too, with a project note naming the ignored .yml', () => {
    store.writeBehaviourFile(repo, { agent: 'codex' });
    const ignored = store.writeBehaviourFile(repo, { agent: 'opencode', env: { FROM_YML: '1' } }, { ext: 'yml' });
    const { snapshot, app } = project();
    expect(app?.behaviour).toEqual({ agent: 'codex', droppedKeys: [] });
    expect(snapshot.notes).toEqual([
      { scope: 'project', id: 'app', message: expect.stringContaining(`${ignored} exist: agent-orchestrator.yaml is used`) },
    ]);
  });

  it('names the ignored .yml even when the .yaml it lost to cannot be parsed', () => {
    store.writeBehaviourFile(repo, 'agent: [unclosed');
    store.writeBehaviourFile(repo, { agent: 'opencode' }, { ext: 'yml' });
    const { snapshot, app } = project();
    expect(app?.degraded).toContain('agent-orchestrator.yaml is not valid YAML');
    expect(notesAbout(snapshot, 'agent-orchestrator.yml exist')).toHaveLength(1);
  });

  it('treats a missing behaviour file as defaults, without a note', () => {
    const { snapshot, app } = project();
    expect(app?.behaviour).toEqual({ droppedKeys: [] });
    expect(app?.degraded).toBeUndefined();
    expect(snapshot.notes).toEqual([]);
  });

  it('keeps text env values and drops the others with a note', () => {
    store.writeBehaviourFile(repo, 'env:\n  NAME: app\n  PORT: 3000\n  DEBUG: true\n');
    const { snapshot, app } = project();
    expect(app?.behaviour.env).toEqual({ NAME: 'app' });
    expect(app?.degraded).toBeUndefined();
    expect(notesAbout(snapshot, 'env.PORT')).toEqual([expect.objectContaining({ scope: 'project', id: 'app' })]);
    expect(notesAbout(snapshot, 'env.DEBUG')).toHaveLength(1);
  });

  it.each([
    ['invalid YAML', 'agent: [unclosed\n', 'not valid YAML'],
    ['not a map', '- a\n- b\n', 'not a YAML map'],
    ['wrong types', 'agent: claude-code\nsymlinks: .env\nworker: codex\n', 'symlinks'],
  ])('marks the project degraded when the file is %s, keeping its identity', (_, text, reason) => {
    store.writeBehaviourFile(repo, text);
    const { snapshot, app } = project();
    expect(app).toMatchObject({ id: 'app', path: repo, displayName: 'App', sessionPrefix: 'app' });
    expect(app?.behaviour).toEqual({ droppedKeys: [] });
    expect(app?.degraded).toContain(reason);
    expect(snapshot.notes).toEqual([
      expect.objectContaining({ scope: 'project', id: 'app', message: expect.stringContaining(reason) }),
    ]);
  });

  it('marks a wrapped entry with malformed behaviour degraded too', () => {
    store.writeRegistry({
      shape: 'wrapped',
      projects: { app: { path: repo, repo: 'acme/app', behaviour: { agent: 'codex', postCreate: 'npm i' } } },
    });
    const { app } = project();
    expect(app).toMatchObject({ id: 'app', path: repo, behaviour: { droppedKeys: [] } });
    expect(app?.degraded).toContain('postCreate');
  });
});
