import { z } from 'zod';
import { optionalText } from './schema-parts.js';
import { KEYS_WITHOUT_REWRITE_HOME } from './behaviour-schema.js';

/** Registry top-level `defaults`: the agent fallbacks. */
export const registryDefaultsSchema = z.object({
  agent: optionalText,
  orchestrator: z.object({ agent: optionalText }).nullish(),
  worker: z.object({ agent: optionalText }).nullish(),
});

/**
 * The identity part of a registry entry (both shapes). `repo` is an object
 * in the hybrid registry and an "owner/name" string in the wrapped one;
 * `registeredAt` is epoch seconds, sometimes written as a numeric string.
 */
export const registryEntrySchema = z.object({
  path: optionalText,
  displayName: optionalText,
  name: optionalText,
  sessionPrefix: optionalText,
  defaultBranch: optionalText,
  repo: z.union([z.string(), z.object({ originUrl: optionalText })]).nullish(),
  registeredAt: z
    .union([
      z.number().nonnegative(),
      z
        .string()
        .trim()
        .regex(/^\d+(\.\d+)?$/, 'expected epoch seconds')
        .transform(Number),
    ])
    .nullish(),
  storageKey: optionalText,
});

/** Keys of the per-repo behaviour file (shape B); any of them in a registry entry means shape C. */
export const BEHAVIOUR_KEYS: readonly string[] = [
  'agent',
  'env',
  'symlinks',
  'postCreate',
  'agentConfig',
  'worker',
  'orchestrator',
  'agentRules',
  'agentRulesFile',
  'orchestratorRules',
  ...KEYS_WITHOUT_REWRITE_HOME,
];
