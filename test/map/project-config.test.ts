import { describe, expect, it } from 'vitest';
import type { AgentDefaults, LegacyBehaviour } from '../../src/core/legacy/types.js';
import { mapProjectConfig } from '../../src/core/map/project-config.js';

describe('mapProjectConfig', () => {
  it('always sets sessionPrefix, so an otherwise empty project still has a config', () => {
    const mapped = mapProjectConfig({ defaults: {}, behaviour: { droppedKeys: [] }, sessionPrefix: 'ao' });
    expect(mapped.json).toBe('{"sessionPrefix":"ao"}');
    expect(mapped.notes).toEqual([]);
  });

  it('is NULL when nothing at all is set', () => {
    const mapped = mapProjectConfig({ defaults: {}, behaviour: { droppedKeys: [] }, sessionPrefix: '' });
    expect(mapped.config).toBeNull();
    expect(mapped.json).toBeNull();
  });

  it("omits defaultBranch 'main' and keeps any other", () => {
    expect(mapProjectConfig({ defaults: {}, behaviour: { droppedKeys: [] }, sessionPrefix: 'ao', defaultBranch: 'main' }).config)
      .toEqual({ sessionPrefix: 'ao' });
    expect(mapProjectConfig({ defaults: {}, behaviour: { droppedKeys: [] }, sessionPrefix: 'ao', defaultBranch: 'develop' }).config)
      .toEqual({ defaultBranch: 'develop', sessionPrefix: 'ao' });
  });

  it('writes every key in the fixed order of the rewrite, whatever the input order', () => {
    const mapped = mapProjectConfig({ defaults: {},
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
        '"orchestrator":{"agent":"codex","agentConfig":{"permissions":"accept-edits"}}}',
    );
    expect(mapped.notes).toEqual([expect.stringContaining("orchestrator runs codex with permissions 'default'")]);
  });

  it('omits empty env, symlinks and postCreate', () => {
    const mapped = mapProjectConfig({ defaults: {},
      sessionPrefix: 'ao',
      behaviour: { env: {}, symlinks: [], postCreate: [], droppedKeys: [] },
    });
    expect(mapped.config).toEqual({ sessionPrefix: 'ao' });
  });

  it('drops a role agent the rewrite does not know, with a note, and keeps the rest of the role', () => {
    const mapped = mapProjectConfig({ defaults: {},
      sessionPrefix: 'ao',
      behaviour: { worker: { agent: 'gemini', agentConfig: { model: 'pro' } }, droppedKeys: [] },
    });
    expect(mapped.config?.worker).toEqual({ agentConfig: { model: 'pro' } });
    expect(mapped.notes).toHaveLength(1);
    expect(mapped.notes[0]).toContain("worker.agent 'gemini'");
  });

  it('moves orchestratorModel to the orchestrator role when the role sets no model', () => {
    const mapped = mapProjectConfig({ defaults: {},
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
    const mapped = mapProjectConfig({ defaults: {},
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
    const mapped = mapProjectConfig({ defaults: {},
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

  it('notes each key without a rewrite home, and a project-wide agent that neither role uses', () => {
    const mapped = mapProjectConfig({ defaults: {},
      sessionPrefix: 'ao',
      behaviour: {
        agent: 'codex',
        worker: { agent: 'claude-code' },
        orchestrator: { agent: 'aider' },
        droppedKeys: ['tracker', 'reactions', 'orchestratorSessionStrategy'],
      },
    });
    expect(mapped.config).toEqual({ sessionPrefix: 'ao', worker: { agent: 'claude-code' }, orchestrator: { agent: 'aider' } });
    expect(mapped.notes).toHaveLength(4);
    expect(mapped.notes[0]).toContain("agent 'codex'");
    expect(mapped.notes.slice(1).map((note) => note.split(':')[0])).toEqual([
      'tracker',
      'reactions',
      'orchestratorSessionStrategy',
    ]);
  });

  describe('role agents (the daemon spawns nothing without both)', () => {
    const config = (behaviour: Partial<LegacyBehaviour>, defaults: AgentDefaults = {}) =>
      mapProjectConfig({ defaults, sessionPrefix: 'ao', behaviour: { droppedKeys: [], ...behaviour } });

    it('resolves each role along role → project agent → registry default role agent → registry default agent', () => {
      expect(config({ worker: { agent: 'aider' }, agent: 'claude-code' }).config).toMatchObject({
        worker: { agent: 'aider' },
        orchestrator: { agent: 'claude-code' },
      });
      expect(config({}, { agent: 'opencode', orchestratorAgent: 'claude-code' }).config).toMatchObject({
        worker: { agent: 'opencode' },
        orchestrator: { agent: 'claude-code' },
      });
      expect(config({}, { workerAgent: 'goose' }).config).toEqual({ sessionPrefix: 'ao', worker: { agent: 'goose' } });
    });

    it('never writes an agent the rewrite does not know, nor another in its place', () => {
      const mapped = config({ agent: 'gemini' });
      expect(mapped.config).toEqual({ sessionPrefix: 'ao' });
      expect(mapped.notes).toEqual([
        expect.stringContaining("worker.agent 'gemini' (from the project's agent) is not an agent the rewrite knows"),
        expect.stringContaining("orchestrator.agent 'gemini' (from the project's agent)"),
      ]);
    });
  });

  describe('codex roles: never more permission than the legacy gave', () => {
    const roles = (legacy: string | undefined, roleLegacy?: string) =>
      mapProjectConfig({
        defaults: {},
        sessionPrefix: 'ao',
        behaviour: {
          agent: 'codex',
          ...(legacy === undefined ? {} : { agentConfig: { permissions: legacy } }),
          ...(roleLegacy === undefined ? {} : { worker: { agentConfig: { permissions: roleLegacy } } }),
          droppedKeys: [],
        },
      });

    it.each([['default'], ['suggest'], ['auto-edit'], [undefined]])(
      "legacy %s → 'accept-edits' for both roles, with a note on the rewrite's meaning of 'default'",
      (legacy) => {
        const mapped = roles(legacy);
        expect(mapped.config?.worker).toEqual({ agent: 'codex', agentConfig: { permissions: 'accept-edits' } });
        expect(mapped.config?.orchestrator).toEqual({ agent: 'codex', agentConfig: { permissions: 'accept-edits' } });
        const codexNotes = mapped.notes.filter((note) => note.includes('--dangerously') || note.includes('without sandbox'));
        expect(codexNotes).toHaveLength(2);
      },
    );

    it("keeps the legacy 'permissionless' as the rewrite's bypass", () => {
      expect(roles('permissionless').config?.worker).toEqual({ agent: 'codex', agentConfig: { permissions: 'bypass-permissions' } });
    });

    it("takes a role's own legacy permission over the project's", () => {
      const mapped = roles('permissionless', 'suggest');
      expect(mapped.config?.worker?.agentConfig?.permissions).toBe('accept-edits');
      expect(mapped.config?.orchestrator?.agentConfig?.permissions).toBe('bypass-permissions');
    });

    it('leaves the permission of a non-codex role as mapped', () => {
      const mapped = mapProjectConfig({
        defaults: {},
        sessionPrefix: 'ao',
        behaviour: { agent: 'claude-code', worker: { agent: 'codex' }, agentConfig: { permissions: 'default' }, droppedKeys: [] },
      });
      expect(mapped.config?.orchestrator).toEqual({ agent: 'claude-code' });
      expect(mapped.config?.worker).toEqual({ agent: 'codex', agentConfig: { permissions: 'accept-edits' } });
      expect(mapped.config?.agentConfig).toEqual({ permissions: 'default' });
    });
  });

  it('copies agentRules, agentRulesFile and orchestratorRules', () => {
    const mapped = mapProjectConfig({
      defaults: {},
      sessionPrefix: 'ao',
      behaviour: { agentRules: 'be brief', agentRulesFile: 'docs/RULES.md', orchestratorRules: 'plan first', droppedKeys: [] },
    });
    expect(mapped.json).toBe('{"sessionPrefix":"ao","agentRules":"be brief","agentRulesFile":"docs/RULES.md","orchestratorRules":"plan first"}');
  });
});
