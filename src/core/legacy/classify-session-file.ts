/** The session id charset; anything else could be a path trick. */
export const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]+$/;

export type SessionsDirLayout = 'current' | 'old';

/** What a name in a `sessions/` directory is. */
export type SessionFileKind =
  | { kind: 'record'; id: string }
  | { kind: 'alias'; id: string }
  | { kind: 'corrupt-copy'; id: string }
  | { kind: 'skip'; reason: string };

/**
 * Classifies a file name in a `sessions/` dir (legacy-store §5). Current
 * layout records are `<id>.json`, old layout records have no extension.
 */
export function classifySessionFile(name: string, layout: SessionsDirLayout): SessionFileKind {
  if (name.endsWith('.lock')) return { kind: 'skip', reason: 'a lock file' };
  if (/\.tmp(\.\d+){0,2}$/.test(name)) return { kind: 'skip', reason: 'a temporary file of an unfinished write' };
  const corrupt = /^(.*)\.json\.corrupt-\d+$/.exec(name);
  if (corrupt) return { kind: 'corrupt-copy', id: corrupt[1] ?? '' };

  const stem = layout === 'current' ? /^(.*)\.json$/.exec(name)?.[1] : name.includes('.') ? undefined : name;
  if (stem === undefined) {
    return {
      kind: 'skip',
      reason: layout === 'current' ? 'not a session file (no .json extension)' : 'not a session file (has an extension)',
    };
  }
  if (!SESSION_ID_PATTERN.test(stem)) return { kind: 'skip', reason: 'its name is not a valid session id' };
  const alias = layout === 'current' ? /^(.+)__from-[0-9a-f]{12}$/.exec(stem) : null;
  if (alias) return { kind: 'alias', id: alias[1] ?? '' };
  return { kind: 'record', id: stem };
}
