import { z } from 'zod';
import { optionalText } from './schema-parts.js';

const agentConfigSchema = z
  .object({ permissions: optionalText, model: optionalText, orchestratorModel: optionalText })
  .nullish();

const roleOverrideSchema = z.object({ agent: optionalText, agentConfig: agentConfigSchema }).nullish();

/**
 * The behaviour keys that have a home in the rewrite. `env` values are
 * checked one by one by the caller (a non-string value is dropped with a
 * note, the rest kept), so the record accepts anything here.
 */
export const behaviourSchema = z.object({
  agent: optionalText,
  env: z.record(z.string(), z.unknown()).nullish(),
  symlinks: z.array(z.string()).nullish(),
  postCreate: z.array(z.string()).nullish(),
  agentConfig: agentConfigSchema,
  worker: roleOverrideSchema,
  orchestrator: roleOverrideSchema,
  agentRules: optionalText,
  agentRulesFile: optionalText,
  orchestratorRules: optionalText,
});

export type ParsedBehaviour = z.output<typeof behaviourSchema>;

/** Behaviour keys with no home in the rewrite: reported as dropped. */
export const KEYS_WITHOUT_REWRITE_HOME: ReadonlySet<string> = new Set([
  'tracker',
  'scm',
  'reactions',
  'runtime',
  'workspace',
  'orchestratorSessionStrategy',
]);
