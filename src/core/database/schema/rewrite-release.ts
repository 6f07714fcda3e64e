/** Which release of the rewrite makes a database whose highest applied goose version is this (rewrite-today §1). */
export type RewriteRelease = 'npm 0.10.x' | 'desktop' | 'June 2026 build' | 'unknown';

export function rewriteReleaseOf(schemaVersion: number): RewriteRelease {
  if (schemaVersion >= 12 && schemaVersion <= 19) return 'June 2026 build';
  if (schemaVersion === 23) return 'npm 0.10.x';
  // Desktop 0.11.x stops at 36–38, 0.12.x at 43–47, the nightly at 82.
  if (schemaVersion >= 36 && schemaVersion <= 82) return 'desktop';
  return 'unknown';
}
