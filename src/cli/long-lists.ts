/** Natural order, as a person sorts ids: `p0-2` before `p0-10`. */
export const naturalOrder: (a: string, b: string) => number = new Intl.Collator('en', { numeric: true }).compare;

/** Lines a list shows before the rest is counted in one line, unless `--verbose`: a store of 20,000 sessions still fits on a few screens. */
export const LIST_LIMIT = 50;

/** `4950` → `4,950`. */
export function formatCount(count: number): string {
  return count.toLocaleString('en-US');
}

/**
 * The first `limit` of `items` as lines, then `… and 4,950 more: <where>`
 * for the rest; all of them with `verbose`. `lines` maps one item to its
 * lines (a group header and its entries count as one item's).
 */
export function collapse<T>(
  items: readonly T[],
  lines: (item: T) => string[],
  options: { verbose: boolean; limit?: number; indent?: string; where: string },
): string[] {
  const limit = options.verbose ? Number.POSITIVE_INFINITY : (options.limit ?? LIST_LIMIT);
  const shown = items.slice(0, limit).flatMap(lines);
  const rest = items.length - Math.min(items.length, limit);
  if (rest > 0) shown.push(`${options.indent ?? '  '}… and ${formatCount(rest)} more: ${options.where}`);
  return shown;
}

/** The pointer for the rest of a long list. */
export const ELSEWHERE = '--verbose shows all, --json lists them';

export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/** Per project, `  <project> (n):` then its `ao session restore` lines, as sorted; the limit counts restore lines. */
export function restoreLines<T extends { id: string; projectId: string }>(
  sessions: readonly T[],
  command: (session: T) => string | undefined,
  verbose: boolean,
  where: string,
): string[] {
  const perProject = groupBy(sessions, (s) => s.projectId);
  return collapse(
    sessions,
    (s) => {
      const group = perProject.get(s.projectId) ?? [];
      const header = group[0] === s ? [`  ${s.projectId} (${formatCount(group.length)}):`] : [];
      return [...header, `    ${command(s) ?? `ao session restore ${s.id}`}`];
    },
    { verbose, where },
  );
}
