import type { z } from 'zod';

/** A field the lenient parse had to drop, and zod's reason. */
export interface DroppedField {
  /** Dotted path of the field, e.g. `lifecycle.session.state`. */
  path: string;
  problem: string;
}

/**
 * Parses `input` with `schema`, dropping every field that does not fit
 * instead of rejecting the whole object: one wrong field in a legacy record
 * must not lose the rest. Every field in `schema` must be optional, so that
 * dropping one always makes progress.
 */
export function parseLeniently<T>(
  schema: z.ZodType<T>,
  input: Record<string, unknown>,
): { value: T; dropped: DroppedField[] } {
  // Copied only once a field must go, and then on write along each dropped
  // field's path (see `removableAt`), not deep-cloned: a deeply nested legacy
  // value would overflow the stack. Most records fit as they are.
  let current = input;
  const dropped: DroppedField[] = [];
  for (;;) {
    const result = schema.safeParse(current);
    if (result.success) return { value: result.data, dropped };
    if (current === input) current = { ...input };
    let progressed = false;
    for (const issue of result.error.issues) {
      const at = removableAt(current, issue.path);
      if (at === undefined) continue;
      delete at.parent[at.key];
      dropped.push({ path: at.path, problem: issue.message });
      progressed = true;
    }
    if (!progressed) {
      // Only reachable when the schema requires something; a programming error.
      throw new Error(`parseLeniently: cannot recover from ${result.error.message}`);
    }
  }
}

/**
 * The object property to delete for an issue at `issuePath`. Array elements
 * are not removed one by one (that would shift the others): the whole array
 * goes.
 */
function removableAt(
  root: Record<string, unknown>,
  issuePath: readonly PropertyKey[],
): { parent: Record<string, unknown>; key: string; path: string } | undefined {
  let parent: Record<string, unknown> = root;
  const walked: string[] = [];
  for (const segment of issuePath) {
    if (typeof segment !== 'string') break;
    const key = segment;
    if (!Object.hasOwn(parent, key)) return undefined;
    const next = parent[key];
    walked.push(key);
    if (walked.length === issuePath.length || typeof next !== 'object' || next === null || Array.isArray(next)) {
      return { parent, key, path: walked.join('.') };
    }
    const copy = { ...(next as Record<string, unknown>) };
    parent[key] = copy;
    parent = copy;
  }
  return undefined;
}
