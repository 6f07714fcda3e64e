import * as os from 'node:os';
import { type FileSystem, nodeFileSystem } from '../effects/fs.js';
import { createNodeGit, type Git } from '../effects/git.js';
import type { Note } from '../note.js';
import { globalConfigPathFor, legacyDefaultPaths } from './default-paths.js';
import { readPortfolio } from './read-portfolio.js';
import { readProject } from './read-project.js';
import { readRegistry } from './read-registry.js';
import { readSessions } from './read-sessions.js';
import type { LegacyProject, LegacySession, LegacySnapshot } from './types.js';

export interface ReadLegacyOptions {
  /** The legacy data root; default `<homeDir>/.agent-orchestrator`. */
  legacyRoot?: string;
  /** The registry file; default per legacy-store §1 (`$AO_GLOBAL_CONFIG`, XDG, `<legacyRoot>/config.yaml`). */
  globalConfigPath?: string;
  /** Default `os.homedir()`; expands `~` for the reader's own look-ups (paths stay verbatim in the snapshot). */
  homeDir?: string;
  /** Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Default the real file system. Only read methods are used. */
  fs?: FileSystem;
  /** Default real git; asked for `origin` only when the registry has no `repo.originUrl`. */
  git?: Git;
}

/**
 * Reads the whole legacy store into a typed snapshot, writing nothing.
 * Every problem becomes a note: a missing root or registry gives an empty
 * snapshot, a bad file is skipped, a bad field is dropped.
 */
export function readLegacy(options: ReadLegacyOptions = {}): LegacySnapshot {
  const env = options.env ?? process.env;
  const homeDir = options.homeDir ?? os.homedir();
  const fs = options.fs ?? nodeFileSystem;
  const git = options.git ?? createNodeGit();
  const legacyRoot = options.legacyRoot ?? legacyDefaultPaths(env, homeDir).legacyRoot;
  const notes: Note[] = [];

  const registry = readRegistry(fs, options.globalConfigPath ?? globalConfigPathFor(env, legacyRoot), notes);
  const portfolio = readPortfolio(fs, legacyRoot, homeDir, notes);
  const projects: LegacyProject[] = [];
  for (const entry of registry.entries) {
    const project = readProject(entry, { fs, git, homeDir, shape: registry.registryShape, portfolio, notes });
    if (project !== undefined) projects.push(project);
  }

  const storeRealPath = storeRealPathOf(fs, legacyRoot, notes);
  const sessions: LegacySession[] =
    storeRealPath === undefined ? [] : readSessions(fs, storeRealPath, legacyRoot, projects, notes);

  return {
    root: legacyRoot,
    registryPath: registry.registryPath,
    registryShape: registry.registryShape,
    registryMtime: registry.registryMtime,
    defaults: registry.defaults,
    projects,
    sessions,
    notes,
  };
}

/** The root's real path (symlinks in the store may point anywhere inside it), or a note when there is no root. */
function storeRealPathOf(fs: FileSystem, legacyRoot: string, notes: Note[]): string | undefined {
  try {
    const real = fs.realpathSync(legacyRoot);
    if (fs.statSync(real).isDirectory()) return real;
    notes.push({ scope: 'store', id: legacyRoot, message: 'the legacy data root is not a directory; no sessions read' });
  } catch {
    notes.push({ scope: 'store', id: legacyRoot, message: 'no legacy data root here; no sessions read' });
  }
  return undefined;
}
