import * as path from 'node:path';

/** Codex's home: `$CODEX_HOME` when set and non-empty, else `<home>/.codex` (agents.md). */
export function codexHome(env: Readonly<Record<string, string | undefined>>, homeDir: string): string {
  const configured = env['CODEX_HOME'];
  return configured !== undefined && configured !== '' ? configured : path.join(homeDir, '.codex');
}

/** The thread index codex 0.144–0.171 keep beside the rollouts. */
export function codexStateDatabase(home: string): string {
  return path.join(home, 'state_5.sqlite');
}
