import type { LegacyProject, LegacySnapshot } from '../legacy/types.js';
import { mapProject } from '../map/map-project.js';
import type { ProjectRow } from '../map/rows.js';
import type { Note } from '../note.js';
import { daemonSessionPrefix } from '../database/managed-worktree-path.js';
import type { PlannedProject } from './types.js';

/**
 * Where a legacy project's sessions go: the `projects.id` they get, or why
 * they are not migrated.
 */
export type ProjectTarget = {
  project: LegacyProject;
  /** The legacy prefix of its session ids. */
  sessionPrefix: string;
} & ({ rowId: string; /** The prefix the daemon uses for the row's project (`daemonSessionPrefix`). */ daemonPrefix: string } | { skipReason: string });

export interface ProjectPlan {
  projects: PlannedProject[];
  /** By legacy project id. */
  targets: Map<string, ProjectTarget>;
}

/**
 * Maps every registry project. The rewrite allows one project per path, so a
 * later project with the path of an earlier one is adopted by it, like an
 * existing rewrite project (migration-rules §6): no row, its sessions go to
 * the earlier id.
 */
export function planProjects(snapshot: LegacySnapshot, options: { now: Date; homeDir: string }): ProjectPlan {
  const projects: PlannedProject[] = [];
  const targets = new Map<string, ProjectTarget>();
  const ownerByPath = new Map<string, { id: string; daemonPrefix: string }>();

  for (const project of snapshot.projects) {
    const mapping = mapProject(project, {
      homeDir: options.homeDir,
      now: options.now,
      registryMtime: snapshot.registryMtime,
      defaults: snapshot.defaults,
    });
    const sessionPrefix = daemonSessionPrefix(project.id, mapping.sessionPrefix);
    const planned = (outcome: { action: 'create'; row: ProjectRow } | { action: 'skip'; reason: string }, notes: Note[]) =>
      projects.push({ id: project.id, ...outcome, sessionPrefix, notes });

    if (targets.has(project.id)) {
      planned({ action: 'skip', reason: `project id '${project.id}' appears twice in the registry; only the first is migrated` }, mapping.notes);
      continue;
    }
    if (mapping.action === 'skip') {
      planned({ action: 'skip', reason: mapping.reason }, mapping.notes);
      targets.set(project.id, { project, sessionPrefix: mapping.sessionPrefix, skipReason: mapping.reason });
      continue;
    }

    const owner = ownerByPath.get(mapping.row.path);
    if (owner !== undefined) {
      const reason = `its path ${mapping.row.path} is also project '${owner.id}'s; its sessions are migrated into '${owner.id}'`;
      const adopted: Note = { scope: 'project', id: project.id, message: `Adopted by project '${owner.id}'; its own settings are not migrated.` };
      planned({ action: 'skip', reason }, [...mapping.notes, adopted]);
      targets.set(project.id, { project, sessionPrefix: mapping.sessionPrefix, rowId: owner.id, daemonPrefix: owner.daemonPrefix });
      continue;
    }

    ownerByPath.set(mapping.row.path, { id: project.id, daemonPrefix: sessionPrefix });
    planned({ action: 'create', row: mapping.row }, mapping.notes);
    targets.set(project.id, { project, sessionPrefix: mapping.sessionPrefix, rowId: project.id, daemonPrefix: sessionPrefix });
  }
  return { projects, targets };
}
