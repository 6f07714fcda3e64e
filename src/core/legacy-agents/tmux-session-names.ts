import { execFileSync } from 'node:child_process';

const TIMEOUT_MS = 3000;

/**
 * The names of the tmux sessions on the user's default tmux server, from ONE
 * `tmux list-sessions` (not one call per session: a store can have
 * thousands). tmux itself picks the server the legacy tool used: `$TMUX`
 * inside tmux, else the default socket under `$TMUX_TMPDIR` (or /tmp). No
 * tmux installed, no server running, or no answer: nothing is alive.
 */
export function tmuxSessionNames(env: Record<string, string | undefined>): string[] {
  try {
    const out = execFileSync('tmux', ['list-sessions', '-F', '#{session_name}'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: TIMEOUT_MS,
      env: env as NodeJS.ProcessEnv,
    });
    return out.split('\n').filter((name) => name !== '');
  } catch {
    return [];
  }
}
