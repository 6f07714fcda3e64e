import * as os from 'node:os';
import { claudeConfigDir } from '../core/claude/index.js';
import { systemClock } from '../core/effects/clock.js';
import { nodeFileSystem } from '../core/effects/fs.js';
import { createNodeGit, type GitWriter, nodeGitWriter } from '../core/effects/git.js';
import { legacyDefaultPaths } from '../core/legacy/default-paths.js';
import { targetDefaultPaths } from '../core/database/target-options.js';
import { releaseWorktrees as releaseInPlan, type ReleaseReport } from '../core/worktrees/release-worktrees.js';
import type { MigrateOptions } from './migrate-options.js';
import { readAndPlan } from './read-and-plan.js';

/** Options of `releaseWorktrees()`. */
export interface ReleaseWorktreesOptions extends Pick<MigrateOptions, 'legacyRoot' | 'globalConfigPath' | 'claudeDir' | 'fs' | 'git'> {
  /** Only these sessions. Default: every live session whose legacy worktree holds its branch. */
  sessionIds?: readonly string[];
  /** Only report. Default TRUE: detaching changes legacy state, so acting must be asked for (`dryRun: false`). */
  dryRun?: boolean;
  /** The git that writes (tests). Default: the real `git`. */
  gitWriter?: GitWriter;
}

/**
 * Frees the branches legacy worktrees still hold, so `ao session restore`
 * can check them out: `git checkout --detach` in each clean one. Dirty
 * worktrees are refused. The one action of ao-migrate that changes legacy
 * state, and only with `dryRun: false`.
 */
export async function releaseWorktrees(options: ReleaseWorktreesOptions = {}): Promise<ReleaseReport> {
  const env = process.env;
  const homeDir = os.homedir();
  const fs = options.fs ?? nodeFileSystem;
  const git = options.git ?? createNodeGit();
  const dryRun = options.dryRun ?? true;
  const { plan } = readAndPlan(
    {
      legacyRoot: options.legacyRoot ?? legacyDefaultPaths(env, homeDir).legacyRoot,
      globalConfigPath: options.globalConfigPath,
      claudeDir: options.claudeDir ?? claudeConfigDir(env, homeDir),
      homeDir,
      env,
      fs,
      git,
    },
    // Only the legacy worktrees matter here; the rows' managed paths are never used.
    { mode: 'restorable', now: systemClock(), dataDir: targetDefaultPaths(env, homeDir).dataDir },
  );
  const worktrees = releaseInPlan(plan, {
    fs,
    git,
    gitWriter: options.gitWriter ?? nodeGitWriter,
    dryRun,
    ...(options.sessionIds === undefined ? {} : { sessionIds: options.sessionIds }),
  });
  return { reportVersion: 1, dryRun, worktrees };
}
