import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { type FileSystem, realpathOrSelf } from '../effects/fs.js';
import { expandHome } from './expand-home.js';
import type { LegacyProject, LegacyRegistry } from './types.js';

/** Which registry project owns each store dir. */
export interface StoreOwnership {
  isProject(projectId: string): boolean;
  /**
   * The project of an old-layout dir `<root>/<dirName>`: the registry
   * project 0.2.x named it after (`<12 hex of the config's dir>-<basename of
   * the project path>`), else the registry entry whose `storageKey` it is,
   * else the `project=` its sessions record (only among the projects of the
   * registry its `.origin` names, when it names one), else the dir name.
   * `undefined`, with what to do, when its `.origin` names a registry that
   * does not own it, or when it is named after a project whose id an earlier
   * registry gives a project at another path (the rewrite has one project
   * per id: its sessions must not go to the other one).
   */
  ownerOfOldDir(dirName: string, recordProject: string | undefined): { projectId: string } | { projectId: undefined; advice: string };
  /** What to do about a dir whose sessions' project no registry defines. */
  unownedAdvice(dirName: string | undefined): string;
}

const PASS_CONFIG =
  'pass the registry that defines its project with --config (repeat --config for every registry to read: it replaces the search), and run again';

export function storeOwnership(
  fs: FileSystem,
  input: { registries: readonly LegacyRegistry[]; projects: readonly LegacyProject[]; origins: ReadonlyMap<string, string>; homeDir: string },
): StoreOwnership {
  const projectIds = new Set(input.projects.map((project) => project.id));
  const firstById = new Map<string, LegacyProject>();
  for (const project of input.projects) if (!firstById.has(project.id)) firstById.set(project.id, project);
  const samePath = (a: LegacyProject, b: LegacyProject) =>
    path.resolve(expandHome(a.path, input.homeDir)) === path.resolve(expandHome(b.path, input.homeDir));
  const shadowedDirs = new Map<string, string>();
  const byDirName = new Map<string, string>();
  const byStorageKey = new Map<string, string>();
  const projectIdsByRegistry = new Map<string, Set<string>>();
  for (const registry of input.registries) {
    const real = realpathOrSelf(fs, registry.path);
    const hash = createHash('sha256').update(path.dirname(real)).digest('hex').slice(0, 12);
    const own = input.projects.filter((project) => project.registryPath === registry.path);
    projectIdsByRegistry.set(real, new Set(own.map((project) => project.id)));
    for (const project of own) {
      const base = path.basename(expandHome(project.path, input.homeDir));
      const first = firstById.get(project.id);
      if (first !== undefined && first !== project && !samePath(first, project)) {
        shadowedDirs.set(
          `${hash}-${base}`,
          `its project '${project.id}' (${project.path}, in ${registry.path}) has the id of the project at ${first.path} in ${first.registryPath}, ` +
            'which is the one migrated (the rewrite has one project per id): give one of them another id in its registry to migrate both',
        );
        continue;
      }
      if (!byDirName.has(`${hash}-${base}`)) byDirName.set(`${hash}-${base}`, project.id);
      if (project.storageKey !== undefined && !byStorageKey.has(project.storageKey)) byStorageKey.set(project.storageKey, project.id);
    }
  }

  const originAdvice = (origin: string, recordProject: string | undefined) => {
    if (projectIdsByRegistry.has(origin)) {
      const which = recordProject === undefined ? 'their project' : `their project '${recordProject}'`;
      return `its .origin names ${origin}, which no longer defines ${which}: ${PASS_CONFIG}`;
    }
    const state = fs.existsSync(origin) ? 'which was not read (see the problems above, or --config was given without it)' : 'which no longer exists';
    return `its .origin names ${origin}, ${state}: restore that file, or ${PASS_CONFIG}`;
  };

  return {
    isProject: (projectId) => projectIds.has(projectId),
    ownerOfOldDir(dirName, recordProject) {
      const shadowed = shadowedDirs.get(dirName);
      if (shadowed !== undefined) return { projectId: undefined, advice: shadowed };
      const owner = byDirName.get(dirName) ?? byStorageKey.get(dirName);
      if (owner !== undefined) return { projectId: owner };
      const origin = input.origins.get(dirName);
      if (origin === undefined) return { projectId: recordProject ?? dirName };
      if (recordProject !== undefined && projectIdsByRegistry.get(origin)?.has(recordProject)) return { projectId: recordProject };
      return { projectId: undefined, advice: originAdvice(origin, recordProject) };
    },
    unownedAdvice(dirName) {
      const origin = dirName === undefined ? undefined : input.origins.get(dirName);
      return origin === undefined ? PASS_CONFIG : originAdvice(origin, undefined);
    },
  };
}
