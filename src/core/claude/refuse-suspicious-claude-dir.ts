import { insideLegacyStore } from '../database/refuse-suspicious-data-dir.js';
import { MigrationRefusedError } from '../errors.js';

/**
 * Refuses a Claude dir inside the legacy store (as written, through `..` or
 * symlinks): transcripts are copied into it, and nothing may be written in
 * the legacy store. `CLAUDE_CONFIG_DIR` can point anywhere a legacy agent's
 * terminal left it.
 */
export function refuseSuspiciousClaudeDir(claudeDir: string, legacyRoot: string, env: Record<string, string | undefined>): void {
  if (!insideLegacyStore(claudeDir, legacyRoot)) return;
  const fromEnv = env['CLAUDE_CONFIG_DIR'] !== undefined && env['CLAUDE_CONFIG_DIR'] !== '';
  throw new MigrationRefusedError(
    'CLAUDE_DIR_SUSPICIOUS',
    `The Claude dir ${claudeDir}${fromEnv ? ' (from CLAUDE_CONFIG_DIR)' : ''} is inside the legacy store ${legacyRoot}, ` +
      "where nothing may be written: pass Claude Code's own config dir (default ~/.claude) with --claude-dir" +
      `${fromEnv ? ', or unset CLAUDE_CONFIG_DIR' : ''}, then run again.`,
  );
}
