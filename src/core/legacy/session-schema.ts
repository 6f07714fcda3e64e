import { z } from 'zod';
import { optionalText, presenceMarker } from './schema-parts.js';

const objectOrJson = { error: 'expected an object (or JSON text of one)' };

/** Lifecycle v2 after its JSON-text parts are decoded; `pr` and the runtime handle are not needed. */
export const lifecycleSchema = z.object(
  {
    session: z
      .object(
        {
          kind: optionalText,
          state: optionalText,
          reason: optionalText,
          startedAt: optionalText,
          completedAt: optionalText,
          // null is meaningful here ("not terminated"); any other value means terminated.
          terminatedAt: z
            .unknown()
            .transform((v) => (v === undefined ? undefined : v === null ? null : typeof v === 'string' ? v : JSON.stringify(v)))
            .optional(),
          lastTransitionAt: optionalText,
        },
        objectOrJson,
      )
      .nullish(),
    runtime: z
      .object({ state: optionalText, reason: optionalText, lastObservedAt: optionalText, tmuxName: optionalText }, objectOrJson)
      .nullish(),
  },
  objectOrJson,
);

export type ParsedLifecycle = z.output<typeof lifecycleSchema>;

/**
 * A session record (either layout) after its JSON-text fields are decoded.
 * Every field optional: one that does not fit is dropped with a note by
 * `parseLeniently`. Unknown keys are ignored.
 */
export const sessionRecordSchema = z.object({
  project: optionalText,
  role: optionalText,
  agent: optionalText,
  branch: optionalText,
  worktree: optionalText,
  // Tracker issue numbers are naturally numbers; text is the usual form.
  issue: z
    .union([z.string(), z.number().transform(String)])
    .nullish()
    .transform((v) => v ?? undefined),
  userPrompt: optionalText,
  displayName: optionalText,
  createdAt: optionalText,
  restoredAt: optionalText,
  escalatedAt: optionalText,
  claudeSessionUuid: optionalText,
  codexThreadId: optionalText,
  opencodeSessionId: optionalText,
  opencodeCleanedAt: presenceMarker,
  codexModel: optionalText,
  restoreFallbackReason: optionalText,
  status: optionalText,
  /** The agent's tmux session (0.2.x records keep it at the top level). */
  tmuxName: optionalText,
  terminatedAt: presenceMarker,
  lifecycle: lifecycleSchema.nullish(),
  stateVersion: z.union([z.string(), z.number()]).nullish(),
  statePayload: lifecycleSchema.nullish(),
});
