import type { AgentDefaults, LegacyAgentConfig, LegacyBehaviour, LegacyRoleOverride } from '../legacy/types.js';
import { isHarness } from './harness.js';
import { mapCodexRolePermission, mapPermission } from './permissions.js';
import type { ProjectConfig, RewriteAgentConfig, RewriteRoleConfig } from './rows.js';

export interface ProjectConfigInput {
  behaviour: LegacyBehaviour;
  /** Registry `defaults`: the role agents' last fallbacks. */
  defaults: AgentDefaults;
  /** Registry `defaultBranch`. */
  defaultBranch?: string;
  /** The registry's prefix or the derived one: always written (migration-rules §6). */
  sessionPrefix: string;
}

export interface ProjectConfigMapping {
  /** `null` when nothing is set (the column is then NULL). */
  config: ProjectConfig | null;
  /** The column text: deterministic key order, `null` with `config`. */
  json: string | null;
  /** Lossy or dropped settings, one sentence each. */
  notes: string[];
}

type Role = 'worker' | 'orchestrator';

/** Legacy behaviour → `projects.config` (migration-rules §6, rewrite-v12 §7, rewrite-today §4). */
export function mapProjectConfig(input: ProjectConfigInput): ProjectConfigMapping {
  const { behaviour } = input;
  const notes: string[] = [];
  const config: ProjectConfig = {};

  // Keys are assigned in the order of rewrite-v12 §7 so the JSON text is stable.
  if (input.defaultBranch !== undefined && input.defaultBranch !== '' && input.defaultBranch !== 'main') {
    config.defaultBranch = input.defaultBranch;
  }
  if (input.sessionPrefix !== '') config.sessionPrefix = input.sessionPrefix;
  if (behaviour.env && Object.keys(behaviour.env).length > 0) config.env = sortedRecord(behaviour.env);
  if (behaviour.symlinks && behaviour.symlinks.length > 0) config.symlinks = [...behaviour.symlinks];
  if (behaviour.postCreate && behaviour.postCreate.length > 0) config.postCreate = [...behaviour.postCreate];

  const agentConfig = mapAgentConfig(behaviour.agentConfig, 'agentConfig', notes);
  if (agentConfig) config.agentConfig = agentConfig;

  const worker = mapRole('worker', behaviour.worker, input, notes);
  if (worker) config.worker = worker;
  const orchestratorModel = behaviour.agentConfig?.orchestratorModel;
  const orchestrator = mapRole('orchestrator', withOrchestratorModel(behaviour.orchestrator, orchestratorModel), input, notes);
  if (orchestrator) config.orchestrator = orchestrator;

  for (const key of ['agentRules', 'agentRulesFile', 'orchestratorRules'] as const) {
    const text = behaviour[key];
    if (text !== undefined && text !== '') config[key] = text;
  }

  const projectAgent = behaviour.agent;
  if (projectAgent !== undefined && projectAgent !== '' && nonEmpty(behaviour.worker?.agent) && nonEmpty(behaviour.orchestrator?.agent)) {
    notes.push(`agent '${projectAgent}': both roles name their own agent, and the rewrite has no project-wide agent; not used.`);
  }
  for (const key of behaviour.droppedKeys) {
    notes.push(`${key}: no equivalent in the rewrite; dropped.`);
  }

  const empty = Object.keys(config).length === 0;
  return { config: empty ? null : config, json: empty ? null : JSON.stringify(config), notes };
}

/** `agentConfig.orchestratorModel` becomes the orchestrator role's model unless that role sets its own. */
function withOrchestratorModel(
  role: LegacyRoleOverride | undefined,
  orchestratorModel: string | undefined,
): LegacyRoleOverride | undefined {
  if (orchestratorModel === undefined || orchestratorModel === '') return role;
  if (role?.agentConfig?.model !== undefined && role.agentConfig.model !== '') return role;
  return { ...role, agentConfig: { ...role?.agentConfig, model: orchestratorModel } };
}

/**
 * A role's config. Its agent is always written when one resolves (role →
 * project agent → registry defaults): the daemon spawns nothing in a project
 * without both role agents. A role that runs codex gets the permission of
 * `mapCodexRolePermission`.
 */
function mapRole(name: Role, role: LegacyRoleOverride | undefined, input: ProjectConfigInput, notes: string[]): RewriteRoleConfig | undefined {
  const mapped: RewriteRoleConfig = {};
  const agent = roleAgent(name, role, input);
  if (agent !== undefined) {
    if (isHarness(agent.name)) mapped.agent = agent.name;
    else notes.push(`${name}.agent '${agent.name}' (from ${agent.source}) is not an agent the rewrite knows; no ${name} agent written, so \`ao spawn\` needs one set in the rewrite first.`);
  }
  const runsCodex = mapped.agent === 'codex';
  // A codex role's permission is decided below, from the legacy one, not mapped as for other agents.
  const legacyConfig = runsCodex && role?.agentConfig ? { ...role.agentConfig, permissions: undefined } : role?.agentConfig;
  const agentConfig = mapAgentConfig(legacyConfig, `${name}.agentConfig`, notes) ?? {};
  if (runsCodex) {
    const legacy = role?.agentConfig?.permissions ?? input.behaviour.agentConfig?.permissions;
    const permission = mapCodexRolePermission(legacy, name);
    if (permission.permission) agentConfig.permissions = permission.permission;
    if (permission.note) notes.push(permission.note);
  }
  if (Object.keys(agentConfig).length > 0) mapped.agentConfig = agentConfig;
  // Only the project-level orchestratorModel has a home (the orchestrator role's model).
  if (role?.agentConfig?.orchestratorModel !== undefined) {
    notes.push(`${name}.agentConfig.orchestratorModel: no equivalent in the rewrite; dropped.`);
  }
  return Object.keys(mapped).length === 0 ? undefined : mapped;
}

function roleAgent(name: Role, role: LegacyRoleOverride | undefined, input: ProjectConfigInput): { name: string; source: string } | undefined {
  const chain: [source: string, agent: string | undefined][] = [
    [`${name}.agent`, role?.agent],
    ["the project's agent", input.behaviour.agent],
    [`the registry's default ${name} agent`, name === 'worker' ? input.defaults.workerAgent : input.defaults.orchestratorAgent],
    ["the registry's default agent", input.defaults.agent],
  ];
  const found = chain.find(([, agent]) => nonEmpty(agent));
  return found && { source: found[0], name: found[1] ?? '' };
}

function nonEmpty(text: string | undefined): boolean {
  return text !== undefined && text !== '';
}

function mapAgentConfig(
  legacy: LegacyAgentConfig | undefined,
  where: string,
  notes: string[],
): RewriteAgentConfig | undefined {
  if (!legacy) return undefined;
  const mapped: RewriteAgentConfig = {};
  if (legacy.model !== undefined && legacy.model !== '') mapped.model = legacy.model;
  if (legacy.permissions !== undefined) {
    const permission = mapPermission(legacy.permissions, where);
    if (permission.permission) mapped.permissions = permission.permission;
    if (permission.note) notes.push(permission.note);
  }
  return Object.keys(mapped).length === 0 ? undefined : mapped;
}

/** Keys sorted, as the daemon's own JSON encoding of a map writes them. */
function sortedRecord(record: Record<string, string>): Record<string, string> {
  const sorted: Record<string, string> = {};
  for (const key of Object.keys(record).sort()) sorted[key] = record[key] ?? '';
  return sorted;
}
