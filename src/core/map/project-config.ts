import type { LegacyAgentConfig, LegacyBehaviour, LegacyRoleOverride } from '../legacy/types.js';
import { isHarness } from './harness.js';
import { mapPermission } from './permissions.js';
import type { ProjectConfig, RewriteAgentConfig, RewriteRoleConfig } from './rows.js';

export interface ProjectConfigInput {
  behaviour: LegacyBehaviour;
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

/** Legacy behaviour → `projects.config` (migration-rules §6, rewrite-v12 §7). */
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

  const worker = mapRole(behaviour.worker, 'worker', notes);
  if (worker) config.worker = worker;

  const orchestratorModel = behaviour.agentConfig?.orchestratorModel;
  const orchestrator = mapRole(withOrchestratorModel(behaviour.orchestrator, orchestratorModel), 'orchestrator', notes);
  if (orchestrator) config.orchestrator = orchestrator;

  if (behaviour.agent !== undefined && behaviour.agent !== '') {
    notes.push(
      `agent '${behaviour.agent}': the rewrite's project config has no project-wide agent; ` +
        `it is used only as this project's sessions' harness fallback.`,
    );
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

function mapRole(
  role: LegacyRoleOverride | undefined,
  name: 'worker' | 'orchestrator',
  notes: string[],
): RewriteRoleConfig | undefined {
  if (!role) return undefined;
  const mapped: RewriteRoleConfig = {};
  if (role.agent !== undefined && role.agent !== '') {
    if (isHarness(role.agent)) mapped.agent = role.agent;
    else notes.push(`${name}.agent '${role.agent}' is not an agent the rewrite knows; dropped.`);
  }
  const agentConfig = mapAgentConfig(role.agentConfig, `${name}.agentConfig`, notes);
  if (agentConfig) mapped.agentConfig = agentConfig;
  // Only the project-level orchestratorModel has a home (the orchestrator role's model).
  if (role.agentConfig?.orchestratorModel !== undefined) {
    notes.push(`${name}.agentConfig.orchestratorModel: no equivalent in the rewrite; dropped.`);
  }
  return Object.keys(mapped).length === 0 ? undefined : mapped;
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
