import type { Note } from '../note.js';
import { behaviourSchema, KEYS_WITHOUT_REWRITE_HOME, type ParsedBehaviour } from './behaviour-schema.js';
import { isPlainObject } from './schema-parts.js';
import { withoutUndefined } from '../without-undefined.js';
import type { LegacyAgentConfig, LegacyBehaviour, LegacyRoleOverride } from './types.js';

/** A project's behaviour, or the defaults plus the reason when its source was malformed. */
export interface BehaviourResult {
  behaviour: LegacyBehaviour;
  degraded?: string;
}

/**
 * Turns a per-repo behaviour file's content (or a wrapped registry entry)
 * into `LegacyBehaviour`. Malformed → the defaults plus `degraded`, as the
 * legacy tool itself ran such a project; `null` (an empty file) is defaults.
 * Identity and unknown keys are ignored.
 */
export function parseBehaviour(raw: unknown, source: string, projectId: string, notes: Note[]): BehaviourResult {
  if (raw === null || raw === undefined) return { behaviour: { droppedKeys: [] } };
  if (!isPlainObject(raw)) return degradedBehaviour(`${source} is not a YAML map`, projectId, notes);
  const result = behaviourSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues
      .map((issue) => `${issue.path.map(String).join('.') || '(top)'}: ${issue.message}`)
      .join('; ');
    return degradedBehaviour(`${source}: ${problems}`, projectId, notes);
  }
  const droppedKeys = Object.keys(raw).filter(
    (key) => KEYS_WITHOUT_REWRITE_HOME.has(key) && raw[key] !== null && raw[key] !== undefined,
  );
  return { behaviour: toBehaviour(result.data, droppedKeys, source, projectId, notes) };
}

/** The defaults, marked degraded with `reason`, and the project note saying so. */
export function degradedBehaviour(reason: string, projectId: string, notes: Note[]): BehaviourResult {
  notes.push({
    scope: 'project',
    id: projectId,
    message: `behaviour settings are malformed (${reason}); the project is read with default behaviour`,
  });
  return { behaviour: { droppedKeys: [] }, degraded: reason };
}

function toBehaviour(
  parsed: ParsedBehaviour,
  droppedKeys: string[],
  source: string,
  projectId: string,
  notes: Note[],
): LegacyBehaviour {
  return withoutUndefined({
    agent: parsed.agent,
    env: parsed.env ? textEnv(parsed.env, source, projectId, notes) : undefined,
    symlinks: parsed.symlinks ?? undefined,
    postCreate: parsed.postCreate ?? undefined,
    agentConfig: agentConfig(parsed.agentConfig),
    worker: roleOverride(parsed.worker),
    orchestrator: roleOverride(parsed.orchestrator),
    agentRules: parsed.agentRules,
    agentRulesFile: parsed.agentRulesFile,
    orchestratorRules: parsed.orchestratorRules,
    droppedKeys,
  });
}

/** Keeps the text values; any other value is dropped with a note rather than guessed at. */
function textEnv(env: Record<string, unknown>, source: string, projectId: string, notes: Note[]): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (typeof value === 'string') {
      kept[key] = value;
    } else {
      notes.push({
        scope: 'project',
        id: projectId,
        message: `env.${key} in ${source} is ${value === null ? 'null' : typeof value}, not text; dropped`,
      });
    }
  }
  return kept;
}

function agentConfig(parsed: ParsedBehaviour['agentConfig']): LegacyAgentConfig | undefined {
  if (!parsed) return undefined;
  return withoutUndefined({
    permissions: parsed.permissions,
    model: parsed.model,
    orchestratorModel: parsed.orchestratorModel,
  });
}

function roleOverride(parsed: ParsedBehaviour['worker']): LegacyRoleOverride | undefined {
  if (!parsed) return undefined;
  return withoutUndefined({ agent: parsed.agent, agentConfig: agentConfig(parsed.agentConfig) });
}
