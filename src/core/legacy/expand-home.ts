import * as path from 'node:path';

/**
 * Expands a leading `~` or `~/` to `homeDir`, for the reader's own file and
 * git look-ups only; the snapshot keeps paths verbatim (mapping is the
 * mapper's job). `~user/…` is left alone.
 */
export function expandHome(p: string, homeDir: string): string {
  if (p === '~') return homeDir;
  if (p.startsWith('~/')) return path.join(homeDir, p.slice(2));
  return p;
}
