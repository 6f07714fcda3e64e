import * as path from 'node:path';

/** Where the legacy tool keeps its data and its registry by default. */
export interface LegacyDefaultPaths {
  legacyRoot: string;
  globalConfigPath: string;
}

/**
 * The legacy data root is always `<home>/.agent-orchestrator` (no env var
 * moves it); the registry follows legacy-store §1.
 */
export function legacyDefaultPaths(
  env: Record<string, string | undefined>,
  homeDir: string,
): LegacyDefaultPaths {
  const legacyRoot = path.join(homeDir, '.agent-orchestrator');
  return { legacyRoot, globalConfigPath: globalConfigPathFor(env, legacyRoot) };
}

/**
 * The registry file the legacy tool would use: `$AO_GLOBAL_CONFIG`, else
 * `$XDG_CONFIG_HOME/agent-orchestrator/config.yaml` when that variable is
 * set, else `<legacyRoot>/config.yaml`.
 */
export function globalConfigPathFor(
  env: Record<string, string | undefined>,
  legacyRoot: string,
): string {
  const explicit = env['AO_GLOBAL_CONFIG'];
  if (explicit !== undefined && explicit !== '') return explicit;
  const xdg = env['XDG_CONFIG_HOME'];
  if (xdg !== undefined && xdg !== '') return path.join(xdg, 'agent-orchestrator', 'config.yaml');
  return path.join(legacyRoot, 'config.yaml');
}
