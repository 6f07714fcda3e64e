import { escapeRegExp } from './escape-regexp.js';

export interface NumAssignment {
  num: number;
  /** Set when the session did not get its natural number: why. */
  note?: string;
}

/**
 * The number a session id names (migration-rules §4): `<prefix>-<N>` → N,
 * `<prefix>-orchestrator` → 0, anything else `undefined`. Matched against
 * the whole prefix, never split on the first `-`: prefixes like `ao-1` make
 * ids like `ao-1-7`.
 *
 * With `projectId`, the daemon's own id form `<projectId>-<N>` names N too:
 * the daemon spawns `<projectId>-<MAX(num)+1>`, so such an id imported under
 * a smaller num would collide with a later spawn (rewrite-v12 §6).
 */
export function naturalNum(sessionId: string, sessionPrefix: string, projectId?: string): number | undefined {
  const patterns = numPatterns(sessionPrefix);
  if (patterns.orchestrator.test(sessionId)) return 0;
  const digits =
    patterns.worker.exec(sessionId)?.[1] ??
    (projectId === undefined ? undefined : numPatterns(projectId).worker.exec(sessionId)?.[1]);
  if (digits === undefined) return undefined;
  const num = Number(digits);
  return Number.isSafeInteger(num) ? num : undefined;
}

/** Compiled once per prefix: a store has few prefixes and many sessions. */
const patternsByPrefix = new Map<string, { orchestrator: RegExp; worker: RegExp }>();

function numPatterns(sessionPrefix: string): { orchestrator: RegExp; worker: RegExp } {
  let patterns = patternsByPrefix.get(sessionPrefix);
  if (patterns === undefined) {
    const prefix = escapeRegExp(sessionPrefix);
    patterns = { orchestrator: new RegExp(`^${prefix}-orchestrator$`), worker: new RegExp(`^${prefix}-(\\d+)$`) };
    patternsByPrefix.set(sessionPrefix, patterns);
  }
  return patterns;
}

/**
 * A session's `num` given the nums other rows of its project already hold:
 * its natural number when free, else the smallest integer above every num in
 * use, so `UNIQUE(project_id, num)` cannot fail. A fallback is at least 1:
 * 0 belongs to the `<prefix>-orchestrator` and the daemon numbers workers
 * from 1.
 */
export function assignNum(
  sessionId: string,
  sessionPrefix: string,
  takenNums: ReadonlySet<number>,
  projectId?: string,
): NumAssignment {
  const natural = naturalNum(sessionId, sessionPrefix, projectId);
  if (natural !== undefined && !takenNums.has(natural)) return { num: natural };
  const num = Math.max(0, ...takenNums) + 1;
  const why =
    natural === undefined
      ? `its id is neither '${sessionPrefix}-<N>' nor '${sessionPrefix}-orchestrator'`
      : `its number ${natural} is already taken in the project`;
  return { num, note: `num ${num} assigned: ${why}.` };
}
