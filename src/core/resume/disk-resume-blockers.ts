import type { FileSystem } from '../effects/fs.js';
import { withParentExistenceCache } from '../effects/parent-existence-cache.js';
import type { Note } from '../note.js';
import type { MigrationPlan } from '../plan/types.js';
import { describeWorktreeBlocker, findWorktreeBlocker, type WorktreeEffects } from '../worktrees/find-worktree-blocker.js';
import { projectPathsByRowId } from '../worktrees/project-checkout.js';

export interface DiskResumeBlockers {
  /** By session id: the reasons a restore will fail. */
  bySession: Map<string, string[]>;
  /** One store note when git could not check some legacy worktrees, not one per session. */
  notes: Note[];
}

/**
 * What the disk says about `ao session restore <id>` beyond the row itself
 * (migration-rules §3): the project path must still exist, and the legacy
 * worktree must not hold the branch. One list per planned session that gets
 * a row; the migration report and `status` both use it.
 */
export function diskResumeBlockers(plan: MigrationPlan, { fs, git }: WorktreeEffects): DiskResumeBlockers {
  // Reads only, so the existence of project paths and legacy worktrees may be cached.
  const effects = { fs: withParentExistenceCache(fs), git };
  const projectPaths = projectPathsByRowId(plan);
  // Asked once per project path, not once per session.
  const goneByPath = new Map<string, string | undefined>();
  const projectGone = (projectPath: string) => {
    if (!goneByPath.has(projectPath)) goneByPath.set(projectPath, projectPathGone(effects.fs, projectPath));
    return goneByPath.get(projectPath);
  };
  const blockers = new Map<string, string[]>();
  let unchecked = 0;
  for (const session of plan.sessions) {
    if (session.action !== 'create' || session.row === undefined) continue;
    const { row } = session;
    const reasons: string[] = [];
    const projectPath = projectPaths.get(row.project_id);
    const gone = projectPath === undefined ? undefined : projectGone(projectPath);
    if (gone !== undefined) reasons.push(gone);
    const blocker = findWorktreeBlocker(row.branch, session.legacyWorktree ?? '', effects, projectPath);
    if (blocker === 'unchecked') unchecked += 1;
    else if (blocker !== undefined) reasons.push(describeWorktreeBlocker(blocker, session.id));
    blockers.set(session.id, reasons);
  }
  return { bySession: blockers, notes: unchecked === 0 ? [] : [uncheckedNote(plan.legacyRoot, unchecked)] };
}

function uncheckedNote(legacyRoot: string, count: number): Note {
  const worktrees = count === 1 ? '1 legacy worktree' : `${count} legacy worktrees`;
  return {
    scope: 'store',
    id: legacyRoot,
    message:
      `git was not available (not installed or not on the PATH, or it failed there): could not check whether ${worktrees} ` +
      "still hold their sessions' branches, so such a session may be listed as resumable and yet fail to restore until its branch is free; " +
      '`ao-migrate status` repeats the check.',
  };
}

/** The sentence for a project whose directory is gone, or `undefined` when it is there. */
export function projectPathGone(fs: FileSystem, projectPath: string): string | undefined {
  if (fs.existsSync(projectPath)) return undefined;
  return `The project path ${projectPath} no longer exists, so the rewrite cannot create worktrees there.`;
}
