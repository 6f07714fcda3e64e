/** Copies `value` without its `undefined` properties, so values (and their JSON) hold only what was set. */
export function withoutUndefined<T extends object>(value: T): T {
  // A plain loop: entries/fromEntries allocate two arrays per property, and this runs for every session.
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const property = (value as Record<string, unknown>)[key];
    if (property !== undefined) copy[key] = property;
  }
  return copy as T;
}
