import * as path from 'node:path';

type Env = Readonly<Record<string, string | undefined>>;

/** OpenCode's data dir: `$XDG_DATA_HOME/opencode` when `XDG_DATA_HOME` is set and non-empty, else `<home>/.local/share/opencode`. */
export function opencodeDataDir(env: Env, homeDir: string): string {
  const xdg = env['XDG_DATA_HOME'];
  return path.join(xdg !== undefined && xdg !== '' ? xdg : path.join(homeDir, '.local', 'share'), 'opencode');
}

/**
 * OpenCode's database, as the released builds (channel `latest`) choose it:
 * `$OPENCODE_DB` when set (absolute, or relative to the data dir), else
 * `opencode.db` in the data dir. `undefined` for `:memory:`: such sessions
 * are on no disk.
 */
export function opencodeDatabase(env: Env, dataDir: string): string | undefined {
  const configured = env['OPENCODE_DB'];
  if (configured === undefined || configured === '') return path.join(dataDir, 'opencode.db');
  if (configured === ':memory:') return undefined;
  return path.isAbsolute(configured) ? configured : path.join(dataDir, configured);
}

/** The directory of the older JSON storage's session files: `<data dir>/storage/session/<projectId>/<id>.json`. */
export function opencodeJsonSessionsDir(dataDir: string): string {
  return path.join(dataDir, 'storage', 'session');
}
