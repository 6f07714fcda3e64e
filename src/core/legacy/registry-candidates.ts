import * as path from 'node:path';
import { globalConfigPathFor } from './default-paths.js';

/** A place a legacy registry may be, and what it means when nothing is there. */
export interface RegistryCandidate {
  path: string;
  /** How it was found, for the report. */
  foundBy: string;
  /** A missing file: `ignore` (a default place), `note` (an environment variable names it), `problem` (named with `--config`). */
  ifMissing: 'ignore' | 'note' | 'problem';
}

/**
 * Where the legacy registries are. Given paths (`--config`) are the only
 * ones read. Otherwise every place any legacy release looked, in this
 * order: the current rule (legacy-store §1); `$AO_CONFIG_PATH`;
 * `~/.agent-orchestrator.yaml` and `.yml`; `~/.config/agent-orchestrator/config.yaml`
 * (0.2.x looked there whether or not `XDG_CONFIG_HOME` is set); then the
 * registry each old store dir's `.origin` names (§8), in dir-name order.
 * The same file found twice is read once (the caller compares real paths).
 */
export function registryCandidates(input: {
  env: Record<string, string | undefined>;
  homeDir: string;
  legacyRoot: string;
  given: readonly string[] | undefined;
  /** `.origin` contents by store dir name. */
  origins: ReadonlyMap<string, string>;
}): RegistryCandidate[] {
  const { env, homeDir } = input;
  if (input.given !== undefined) {
    return input.given.map((file) => ({ path: path.resolve(file), foundBy: '--config', ifMissing: 'problem' }));
  }
  const set = (name: string) => env[name] !== undefined && env[name] !== '';
  const current = globalConfigPathFor(env, input.legacyRoot);
  const candidates: RegistryCandidate[] = [
    {
      path: current,
      foundBy: set('AO_GLOBAL_CONFIG') ? '$AO_GLOBAL_CONFIG' : set('XDG_CONFIG_HOME') ? '$XDG_CONFIG_HOME' : 'the legacy root',
      ifMissing: set('AO_GLOBAL_CONFIG') ? 'note' : 'ignore',
    },
  ];
  const configPath = env['AO_CONFIG_PATH'];
  if (configPath !== undefined && configPath !== '') {
    candidates.push({ path: path.resolve(configPath), foundBy: '$AO_CONFIG_PATH', ifMissing: 'note' });
  }
  for (const file of ['.agent-orchestrator.yaml', '.agent-orchestrator.yml', path.join('.config', 'agent-orchestrator', 'config.yaml')]) {
    candidates.push({ path: path.join(homeDir, file), foundBy: `~/${file}`, ifMissing: 'ignore' });
  }
  for (const [dirName, origin] of [...input.origins].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    candidates.push({ path: origin, foundBy: `the .origin of ${dirName}`, ifMissing: 'ignore' });
  }
  return candidates;
}
