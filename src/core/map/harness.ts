/**
 * The v12 `sessions.harness` CHECK list (rewrite-v12 §2), in the schema's
 * order. `''` is the column's "unknown" value: today's daemon cannot restore
 * such a row (rewrite-today §3), so only a session whose agent the rewrite
 * does not know gets it, reported not resumable.
 */
export const HARNESSES = [
  '',
  'claude-code',
  'codex',
  'aider',
  'opencode',
  'grok',
  'droid',
  'amp',
  'agy',
  'crush',
  'cursor',
  'qwen',
  'copilot',
  'goose',
  'auggie',
  'continue',
  'devin',
  'cline',
  'kimi',
  'kiro',
  'kilocode',
  'vibe',
  'pi',
  'autohand',
] as const;

export type HarnessColumnValue = (typeof HARNESSES)[number];
/** A named harness: every CHECK value except the "unknown" `''`. */
export type Harness = Exclude<HarnessColumnValue, ''>;

const NAMED_HARNESSES: ReadonlySet<string> = new Set(HARNESSES.filter((name) => name !== ''));

/** Whether `name` is an agent the rewrite knows (the empty name is not one). */
export function isHarness(name: string): name is Harness {
  return NAMED_HARNESSES.has(name);
}
