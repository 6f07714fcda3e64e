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
