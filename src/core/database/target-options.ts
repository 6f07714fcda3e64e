import * as os from 'node:os';
import * as path from 'node:path';
import type { Clock } from '../effects/clock.js';
import type { DaemonCheckEffects } from './refuse-running-daemon.js';

/** Where the rewrite's database is and how to tell whether its daemon runs. Every field has a real default. */
export interface TargetOptions extends DaemonCheckEffects {
  /** Default: `$AO_DATA_DIR` if set and non-empty, else `<homeDir>/.ao/data`. */
  dataDir?: string;
  /** Default: `$AO_RUN_FILE` if set and non-empty, else `<homeDir>/.ao/running.json`. */
  runFile?: string;
  /** The legacy store; a data dir inside it is refused. Default: the plan's `legacyRoot`. */
  legacyRoot?: string;
  homeDir?: string;
  env?: Record<string, string | undefined>;
  /** Names the backup file. */
  now?: Clock;
}

export interface TargetPaths {
  dataDir: string;
  dbPath: string;
  runFile: string;
}

/** The rewrite's own defaults (rewrite-v12 §1). */
export function targetDefaultPaths(env: Record<string, string | undefined>, homeDir: string): TargetPaths {
  const dataDir = nonEmpty(env['AO_DATA_DIR']) ?? path.join(homeDir, '.ao', 'data');
  return {
    dataDir: path.resolve(dataDir),
    dbPath: path.join(path.resolve(dataDir), 'ao.db'),
    runFile: path.resolve(nonEmpty(env['AO_RUN_FILE']) ?? path.join(homeDir, '.ao', 'running.json')),
  };
}

/** The paths for a run: explicit options first, then the defaults. */
export function resolveTargetPaths(options: TargetOptions): TargetPaths {
  const defaults = targetDefaultPaths(options.env ?? process.env, options.homeDir ?? os.homedir());
  const dataDir = options.dataDir === undefined ? defaults.dataDir : path.resolve(options.dataDir);
  return {
    dataDir,
    dbPath: path.join(dataDir, 'ao.db'),
    runFile: options.runFile === undefined ? defaults.runFile : path.resolve(options.runFile),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
