import * as path from 'node:path';
import { type FileSystem, realpathOrSelf, statOrUndefined } from '../effects/fs.js';
import type { MigrationPlan } from '../plan/types.js';

/**
 * Why `worktree` is a project's own checkout, the user's and never to be
 * changed, or `undefined` when it is not: it is the path registered for the
 * project, or it is the main worktree of its repository (its `.git` is a
 * directory, not the file a linked worktree has). Legacy 0.2.x ran
 * orchestrators (and, without a workspace plugin, workers) there.
 */
export function projectCheckoutReason(fs: FileSystem, worktree: string, projectPath: string | undefined): string | undefined {
  const real = realpathOrSelf(fs, worktree);
  if (projectPath !== undefined && real === realpathOrSelf(fs, projectPath)) return 'the path registered for its project';
  if (statOrUndefined(fs, path.join(real, '.git'))?.isDirectory()) return 'the main worktree of its repository';
  return undefined;
}

/** Rows' project ids (adopted ones included) → the project's path. */
export function projectPathsByRowId(plan: Pick<MigrationPlan, 'projects'>): Map<string, string> {
  const paths = new Map<string, string>();
  for (const project of plan.projects) {
    if (project.row === undefined) continue;
    paths.set(project.id, project.row.path);
    if (project.adoptedAs !== undefined) paths.set(project.adoptedAs, project.row.path);
  }
  return paths;
}
