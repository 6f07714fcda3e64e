import { describe, expect, it } from 'vitest';
import { mapProjectConfig } from '../../src/core/map/project-config.js';

describe('mapProjectConfig', () => {
  it('always sets sessionPrefix, so an otherwise empty project still has a config', () => {
    const mapped = mapProjectConfig({ behaviour: { droppedKeys: [] }, sessionPrefix: 'ao' });
    expect(mapped.json).toBe('{"sessionPrefix":"ao"}');
    expect(mapped.notes).toEqual([]);
  });

  it('is NULL when nothing at all is set', () => {
    const mapped = mapProjectConfig({ behaviour: { droppedKeys: [] }, sessionPrefix: '' });
    expect(mapped.config).toBeNull();
    expect(mapped.json).toBeNull();
  });

  it("omits defaultBranch 'main' and keeps any other", () => {
    expect(mapProjectConfig({ behaviour: { droppedKeys: [] }, sessionPrefix: 'ao', defaultBranch: 'main' }).config)
      .toEqual({ sessionPrefix: 'ao' });
    expect(mapProjectConfig({ behaviour: { droppedKeys: [] }, sessionPrefix: 'ao', defaultBranch: 'develop' }).config)
      .toEqual({ defaultBranch: 'develop', sessionPrefix: 'ao' });
  });

  it('writes every key in the fixed order of the rewrite, whatever the input order', () => {
    const mapped = mapProjectConfig({
      sessionPrefix: 'ao',
      defaultBranch: 'trunk',
      behaviour: {
        orchestrator: { agentConfig: { permissions: 'default' }, agent: 'codex' },
        worker: { agentConfig: { model: 'sonnet', permissions: 'auto-edit' }, agent: 'claude-code' },
        agentConfig: { permissions: 'permissionless', model: 'opus' },
        postCreate: ['pnpm install'],
        symlinks: ['.env'],
        env: { ZED: '1', ALPHA: 'a' },
        droppedKeys: [],
      },
    });
    expect(mapped.json).toBe(
      '{"defaultBranch":"trunk","sessionPrefix":"ao","env":{"ALPHA":"a","ZED":"1"},"symlinks":[".env"],' +
        '"postCreate":["pnpm install"],"agentConfig":{"model":"opus","permissions":"bypass-permissions"},' +
        '"worker":{"agent":"claude-code","agentConfig":{"model":"sonnet","permissions":"accept-edits"}},' +
        '"orchestrator":{"agent":"codex","agentConfig":{"permissions":"default"}}}',
    );
    expect(mapped.notes).toEqual([]);
  });

  it('omits empty env, symlinks and postCreate', () => {
    const mapped = mapProjectConfig({
      sessionPrefix: 'ao',
      behaviour: { env: {}, symlinks: [], postCreate: [], droppedKeys: [] },
    });
    expect(mapped.config).toEqual({ sessionPrefix: 'ao' });
  });

  it('drops a role agent the rewrite does not know, with a note, and keeps the rest of the role', () => {
    const mapped = mapProjectConfig({
      sessionPrefix: 'ao',
      behaviour: { worker: { agent: 'gemini', agentConfig: { model: 'pro' } }, droppedKeys: [] },
    });
    expect(mapped.config?.worker).toEqual({ agentConfig: { model: 'pro' } });
    expect(mapped.notes).toHaveLength(1);
    expect(mapped.notes[0]).toContain("worker.agent 'gemini'");
  });

  it('moves orchestratorModel to the orchestrator role when the role sets no model', () => {
    const mapped = mapProjectConfig({
      sessionPrefix: 'ao',
      behaviour: { agentConfig: { model: 'sonnet', orchestratorModel: 'opus' }, droppedKeys: [] },
    });
    expect(mapped.config).toEqual({
      sessionPrefix: 'ao',
      agentConfig: { model: 'sonnet' },
      orchestrator: { agentConfig: { model: 'opus' } },
    });
  });

  it("keeps the orchestrator role's own model over orchestratorModel", () => {
    const mapped = mapProjectConfig({
      sessionPrefix: 'ao',
      behaviour: {
        agentConfig: { orchestratorModel: 'opus' },
        orchestrator: { agent: 'claude-code', agentConfig: { model: 'haiku' } },
        droppedKeys: [],
      },
    });
    expect(mapped.config?.orchestrator).toEqual({ agent: 'claude-code', agentConfig: { model: 'haiku' } });
  });

  it("notes 'suggest' as lossy and an unknown permission as dropped", () => {
    const mapped = mapProjectConfig({
      sessionPrefix: 'ao',
      behaviour: {
        agentConfig: { permissions: 'suggest' },
        worker: { agentConfig: { permissions: 'everything' } },
        droppedKeys: [],
      },
    });
    expect(mapped.config).toEqual({ sessionPrefix: 'ao', agentConfig: { permissions: 'default' } });
    expect(mapped.notes).toHaveLength(2);
    expect(mapped.notes[0]).toContain('suggest');
    expect(mapped.notes[1]).toContain("'everything'");
  });

  it('notes each key without a rewrite home, and the project-wide agent', () => {
    const mapped = mapProjectConfig({
      sessionPrefix: 'ao',
      behaviour: { agent: 'codex', droppedKeys: ['tracker', 'reactions', 'orchestratorSessionStrategy'] },
    });
    expect(mapped.config).toEqual({ sessionPrefix: 'ao' });
    expect(mapped.notes).toHaveLength(4);
    expect(mapped.notes[0]).toContain("agent 'codex'");
    expect(mapped.notes.slice(1).map((note) => note.split(':')[0])).toEqual([
      'tracker',
      'reactions',
      'orchestratorSessionStrategy',
    ]);
  });
});
