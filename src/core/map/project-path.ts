import * as path from 'node:path';

/**
 * A registry `path` as the daemon stores it: `~` expanded, absolute, cleaned,
 * symlinks NOT resolved (rewrite-v12 §7). Windows paths (`C:\…`, `\\server\…`)
 * are cleaned with Windows rules. Returns `undefined` when the path is not
 * absolute: the daemon refuses those and there is no working directory to
 * resolve them against.
 */
export function normalizeProjectPath(raw: string, homeDir: string): string | undefined {
  const expanded = /^~(?=$|[\\/])/.test(raw) ? homeDir + raw.slice(1) : raw;
  if (/^([A-Za-z]:[\\/]|\\\\)/.test(expanded)) return withoutTrailingSeparator(path.win32.normalize(expanded), path.win32);
  if (expanded.startsWith('/')) return withoutTrailingSeparator(path.posix.normalize(expanded), path.posix);
  return undefined;
}

function withoutTrailingSeparator(cleaned: string, flavour: path.PlatformPath): string {
  const root = flavour.parse(cleaned).root;
  return cleaned.length > root.length ? cleaned.replace(/[\\/]+$/, '') : cleaned;
}
