import type { AgentDefaults, LegacyProject, LegacySnapshot } from '../legacy/types.js';
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
  /** Its registry's `defaults` (each registry's apply to its own projects only). */
  defaults: AgentDefaults;
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

  const registries = new Map(snapshot.registries.map((registry) => [registry.path, registry]));
  for (const project of snapshot.projects) {
    const registry = registries.get(project.registryPath);
    const defaults = registry?.defaults ?? {};
    const mapping = mapProject(project, {
      homeDir: options.homeDir,
      now: options.now,
      registryMtime: registry?.mtime ?? null,
      defaults,
    });
    const sessionPrefix = daemonSessionPrefix(project.id, mapping.sessionPrefix);
    const { registryPath } = project;
    const planned = (outcome: { action: 'create'; row: ProjectRow } | { action: 'skip'; reason: string }, notes: Note[]) =>
      projects.push({ id: project.id, registryPath, ...outcome, sessionPrefix, notes });

    const first = targets.get(project.id)?.project;
    if (first !== undefined) {
      const where = first.registryPath === registryPath ? 'twice in the registry' : `in ${first.registryPath} too`;
      planned({ action: 'skip', reason: `project id '${project.id}' appears ${where}; only the first is migrated` }, mapping.notes);
      continue;
    }
    if (mapping.action === 'skip') {
      planned({ action: 'skip', reason: mapping.reason }, mapping.notes);
      targets.set(project.id, { project, sessionPrefix: mapping.sessionPrefix, defaults, skipReason: mapping.reason });
      continue;
    }

    const owner = ownerByPath.get(mapping.row.path);
    if (owner !== undefined) {
      const reason = `its path ${mapping.row.path} is also project '${owner.id}'s; its sessions are migrated into '${owner.id}'`;
      const adopted: Note = { scope: 'project', id: project.id, message: `Adopted by project '${owner.id}'; its own settings are not migrated.` };
      planned({ action: 'skip', reason }, [...mapping.notes, adopted]);
      targets.set(project.id, { project, sessionPrefix: mapping.sessionPrefix, defaults, rowId: owner.id, daemonPrefix: owner.daemonPrefix });
      continue;
    }

    ownerByPath.set(mapping.row.path, { id: project.id, daemonPrefix: sessionPrefix });
    planned({ action: 'create', row: mapping.row }, mapping.notes);
    targets.set(project.id, { project, sessionPrefix: mapping.sessionPrefix, defaults, rowId: project.id, daemonPrefix: sessionPrefix });
  }
  return { projects, targets };
}
