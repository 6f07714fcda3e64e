import type { GitWriter } from '../effects/git.js';
import type { MigrationPlan, PlannedSession } from '../plan/types.js';
import { findWorktreeBlocker, stashCommand, type WorktreeEffects } from './find-worktree-blocker.js';
import { projectPathsByRowId } from './project-checkout.js';

/**
 * `released` (HEAD detached, branch free); `would-release` (dry run);
 * `refused` (uncommitted changes to tracked files, git cannot tell, or the
 * project's own checkout: not touched);
 * `not-blocking` (asked for, but its worktree does not hold the branch);
 * `failed` (no such session, or git failed or gave no answer).
 */
export type ReleaseStatus = 'released' | 'would-release' | 'refused' | 'not-blocking' | 'failed';

export interface ReleaseItem {
  sessionId: string;
  /** The legacy worktree; `''` when the session is unknown. */
  worktree: string;
  branch: string;
  status: ReleaseStatus;
  reason?: string;
}

/** What `release-worktrees` did (or, in a dry run, would do). Also its `--json` contract. */
export interface ReleaseReport {
  reportVersion: 1;
  dryRun: boolean;
  worktrees: ReleaseItem[];
}

export interface ReleaseOptions extends WorktreeEffects {
  /** Only these sessions; default every migrated-or-to-be-migrated session whose legacy worktree holds its branch. */
  sessionIds?: readonly string[];
  dryRun: boolean;
  gitWriter: GitWriter;
}

/**
 * Frees the branches that legacy worktrees still hold, so that the rewrite's
 * `git worktree add` can check them out: `git checkout --detach` in each
 * worktree without changes to tracked files (files untouched, untracked
 * ones too). The only thing ao-migrate ever changes in legacy state, and
 * only when asked. Refused: a worktree with uncommitted changes to tracked
 * files (the resumed session would not see them), and a project's own
 * checkout (the user's: never changed).
 */
export function releaseWorktrees(plan: MigrationPlan, options: ReleaseOptions): ReleaseItem[] {
  const projectPaths = projectPathsByRowId(plan);
  const release = (session: PlannedSession & { row: NonNullable<PlannedSession['row']> }) =>
    releaseOne(session.id, session.row.branch, session.legacyWorktree ?? '', projectPaths.get(session.row.project_id), options);
  const sessions = plan.sessions.filter(
    (s): s is PlannedSession & { row: NonNullable<PlannedSession['row']> } => s.action === 'create' && s.row !== undefined,
  );
  if (options.sessionIds === undefined) {
    return sessions.flatMap((session) => {
      const item = release(session);
      return item.status === 'not-blocking' ? [] : [item];
    });
  }
  return options.sessionIds.map((id) => {
    const session = sessions.find((s) => s.id === id || s.legacyId === id);
    if (session === undefined) {
      return { sessionId: id, worktree: '', branch: '', status: 'failed', reason: 'no live legacy session with this id is migrated or planned' };
    }
    return release(session);
  });
}

function releaseOne(
  sessionId: string,
  branch: string,
  worktree: string,
  projectPath: string | undefined,
  options: ReleaseOptions,
): ReleaseItem {
  const item = (status: ReleaseStatus, reason?: string): ReleaseItem => ({
    sessionId,
    worktree,
    branch,
    status,
    ...(reason === undefined ? {} : { reason }),
  });
  const blocker = findWorktreeBlocker(branch, worktree, options, projectPath);
  if (blocker === 'unchecked') {
    return item('failed', `git gave no answer there (is it installed and on the PATH?), so whether it holds ${branch} is unknown; it was not touched`);
  }
  if (blocker === undefined) {
    return item('not-blocking', `the legacy worktree ${worktree || '(none recorded)'} does not hold branch ${branch || '(none recorded)'} (or is gone, or is not a git worktree)`);
  }
  if (blocker.projectCheckout !== undefined) {
    return item(
      'refused',
      `it is the project's own checkout (${blocker.projectCheckout}), which ao-migrate never changes: ` +
        `to restore ${sessionId}, check out another branch there yourself (\`git -C ${worktree} switch <another branch>\`)`,
    );
  }
  const { changes } = blocker;
  if (changes === undefined) return item('refused', 'git could not tell whether it has uncommitted changes; it was not touched');
  if (changes.tracked) {
    return item(
      'refused',
      `it has uncommitted changes the resumed session would not see: commit them there (or \`${stashCommand(worktree, changes)}\`), then run again`,
    );
  }
  const untracked = changes.untracked ? ' (its untracked files stay as they are)' : '';
  if (options.dryRun) return item('would-release', `\`git -C ${worktree} checkout --detach\` would free ${branch}${untracked}`);
  try {
    options.gitWriter.detachHead(worktree);
    return item('released');
  } catch (error) {
    return item('failed', error instanceof Error ? error.message : String(error));
  }
}
