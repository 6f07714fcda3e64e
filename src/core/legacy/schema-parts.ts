import { z } from 'zod';

/** A text field; `null` means unset, like absence. */
export const optionalText = z
  .string()
  .nullish()
  .transform((v) => v ?? undefined);

/**
 * A field that only matters for being set (`terminatedAt`,
 * `opencodeCleanedAt`): any non-null value counts, kept as text. Empty text
 * counts as unset: it marks nothing.
 */
export const presenceMarker = z
  .unknown()
  .transform((v) =>
    v === null || v === undefined || v === '' ? undefined : typeof v === 'string' ? v : JSON.stringify(v),
  )
  .optional();

/** A plain object (not an array, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Copies `value` without its `undefined` properties, so snapshots hold only what was set. */
export function withoutUndefined<T extends object>(value: T): T {
  // A plain loop: entries/fromEntries allocate two arrays per property, and this runs for every session.
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const property = (value as Record<string, unknown>)[key];
    if (property !== undefined) copy[key] = property;
  }
  return copy as T;
}
