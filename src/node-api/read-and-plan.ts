import { inferClaudeSessionIds } from '../core/claude/infer-session-ids.js';
import type { FileSystem } from '../core/effects/fs.js';
import { resolveExistingAncestor } from '../core/effects/resolve-existing-ancestor.js';
import type { Git } from '../core/effects/git.js';
import { readLegacy } from '../core/legacy/read-legacy.js';
import { planMigration } from '../core/plan/plan-migration.js';
import type { ImportMode, MigrationPlan } from '../core/plan/types.js';
import type { LegacySnapshot } from '../core/legacy/types.js';

/** Where the legacy store is and the effects to read it with. */
export interface LegacyReadInputs {
  legacyRoot: string;
  /** `undefined`: the reader finds every registry (see `registryCandidates`). */
  globalConfigPath: string | readonly string[] | undefined;
  /** Claude Code's config dir: where the Claude session ids legacy 0.2.x never recorded are inferred from. */
  claudeDir: string;
  homeDir: string;
  env: Record<string, string | undefined>;
  fs: FileSystem;
  git: Git;
}

/**
 * Reads the legacy store, infers the Claude session ids it lacks (reading
 * the Claude dir), and plans it; every front-end starts here. `afterRead`
 * (progress, abort checks) runs after the read and may throw. A caller
 * that keeps only `plan` lets the (large) snapshot go.
 */
export function readAndPlan(
  inputs: LegacyReadInputs,
  plan: { mode: ImportMode; now: Date; /** The rewrite's data dir, as given: resolved here as the daemon resolves it. */ dataDir: string },
  afterRead: (sessionsRead: number) => void = () => {},
): { snapshot: LegacySnapshot; plan: MigrationPlan } {
  const snapshot = readLegacy({
    legacyRoot: inputs.legacyRoot,
    ...(inputs.globalConfigPath === undefined ? {} : { globalConfigPath: inputs.globalConfigPath }),
    homeDir: inputs.homeDir,
    env: inputs.env,
    fs: inputs.fs,
    git: inputs.git,
  });
  afterRead(snapshot.sessions.length);
  const inferred = inferClaudeSessionIds(snapshot, { claudeDir: inputs.claudeDir, homeDir: inputs.homeDir, fs: inputs.fs });
  const dataDir = resolveExistingAncestor(inputs.fs, plan.dataDir);
  return { snapshot: inferred, plan: planMigration(inferred, { mode: plan.mode, now: plan.now, homeDir: inputs.homeDir, dataDir }) };
}
