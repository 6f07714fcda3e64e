/**
 * The legacy session prefix of a project whose registry entry sets none,
 * derived from the basename of its path (legacy-store §2, the legacy
 * `generateSessionPrefix`), rules tried in this order:
 * at most 4 chars → lowercased; more than one uppercase letter → those letters
 * lowercased; contains `-` (else `_`) → initials of the parts; otherwise the
 * first 3 chars lowercased.
 */
export function deriveSessionPrefix(projectPath: string): string {
  const name = basename(projectPath);
  if (name.length <= 4) return name.toLowerCase();

  const uppercase = name.match(/[A-Z]/g);
  if (uppercase && uppercase.length > 1) return uppercase.join('').toLowerCase();

  if (name.includes('-') || name.includes('_')) {
    const separator = name.includes('-') ? '-' : '_';
    return name
      .split(separator)
      .map((part) => part.charAt(0))
      .join('')
      .toLowerCase();
  }

  return name.slice(0, 3).toLowerCase();
}

/**
 * Whether the daemon can build a path from `prefix`: it names the
 * orchestrator's worktree `<prefix>-orchestrator` (rewrite-v12 §6), so no
 * separator, `..`, NUL or whitespace, and not empty.
 */
export function isSafeSessionPrefix(prefix: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(prefix) && !prefix.includes('..');
}

/** Last path segment, for POSIX and Windows paths alike, ignoring trailing separators. */
function basename(projectPath: string): string {
  const segments = projectPath.split(/[\\/]+/).filter((segment) => segment !== '');
  return segments.at(-1) ?? '';
}
