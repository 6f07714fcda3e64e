import * as path from 'node:path';

/** Claude Code's config dir: `$CLAUDE_CONFIG_DIR` when set and non-empty, else `<home>/.claude`. */
export function claudeConfigDir(env: Readonly<Record<string, string | undefined>>, homeDir: string): string {
  const configured = env['CLAUDE_CONFIG_DIR'];
  return configured !== undefined && configured !== '' ? configured : path.join(homeDir, '.claude');
}
