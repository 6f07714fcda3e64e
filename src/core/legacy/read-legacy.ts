import * as os from 'node:os';
import { type FileSystem, nodeFileSystem, realpathOrSelf } from '../effects/fs.js';
import { createNodeGit, type Git } from '../effects/git.js';
import type { Note } from '../note.js';
import { legacyDefaultPaths } from './default-paths.js';
import { readOrigins } from './read-origins.js';
import { readPortfolio } from './read-portfolio.js';
import { readProject } from './read-project.js';
import { readRegistry } from './read-registry.js';
import { readSessions } from './read-sessions.js';
import { registryCandidates } from './registry-candidates.js';
import { storeOwnership } from './store-ownership.js';
import type { LegacyProject, LegacyRegistry, LegacySession, LegacySnapshot, StoreProblem } from './types.js';

export interface ReadLegacyOptions {
  /** The legacy data root; default `<homeDir>/.agent-orchestrator`. */
  legacyRoot?: string;
  /**
   * The registries to read, one path or several; then only these. Default:
   * every registry any legacy release used (see `registryCandidates`): the
   * current rule (`$AO_GLOBAL_CONFIG`, XDG, `<legacyRoot>/config.yaml`),
   * `$AO_CONFIG_PATH`, `~/.agent-orchestrator.yaml`/`.yml`,
   * `~/.config/agent-orchestrator/config.yaml`, and each store dir's `.origin`.
   */
  globalConfigPath?: string | readonly string[];
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
 * What makes it incomplete (no data root, a registry that cannot be read,
 * store dirs no registry owns) is a `problem`; everything else a note: a bad
 * file is skipped, a bad field dropped.
 */
export function readLegacy(options: ReadLegacyOptions = {}): LegacySnapshot {
  const env = options.env ?? process.env;
  const homeDir = options.homeDir ?? os.homedir();
  const fs = options.fs ?? nodeFileSystem;
  const git = options.git ?? createNodeGit();
  const legacyRoot = options.legacyRoot ?? legacyDefaultPaths(env, homeDir).legacyRoot;
  const notes: Note[] = [];
  const problems: StoreProblem[] = [];

  const storeRealPath = storeRealPathOf(fs, legacyRoot, problems);
  const origins = storeRealPath === undefined ? new Map<string, string>() : readOrigins(fs, legacyRoot, storeRealPath, notes);
  const given = options.globalConfigPath === undefined ? undefined : [options.globalConfigPath].flat();
  const portfolio = readPortfolio(fs, legacyRoot, homeDir, notes);

  const registries: LegacyRegistry[] = [];
  const projects: LegacyProject[] = [];
  const seen = new Set<string>();
  const candidates = registryCandidates({ env, homeDir, legacyRoot, given, origins });
  for (const candidate of candidates) {
    const real = realpathOrSelf(fs, candidate.path);
    if (seen.has(real)) continue;
    seen.add(real);
    const registry = readRegistry(fs, candidate.path, notes);
    if (registry.kind === 'missing') {
      const message = `no legacy registry at ${candidate.path} (named by ${candidate.foundBy})`;
      if (candidate.ifMissing === 'problem') problems.push({ kind: 'registry-missing', path: candidate.path, message: `${message}: check the path` });
      if (candidate.ifMissing === 'note') notes.push({ scope: 'store', id: candidate.path, message });
      continue;
    }
    if (registry.kind === 'unreadable') {
      problems.push({
        kind: 'registry-unreadable',
        path: candidate.path,
        message: `the legacy registry ${candidate.path} (found by ${candidate.foundBy}) cannot be used: ${registry.reason}; none of its projects is migrated. Fix the file and run again.`,
      });
      continue;
    }
    registries.push({ path: candidate.path, foundBy: candidate.foundBy, shape: registry.shape, mtime: registry.mtime, defaults: registry.defaults });
    for (const entry of registry.entries) {
      const context = { fs, git, homeDir, registryPath: candidate.path, shape: registry.shape, portfolio, notes };
      const project = readProject(entry, context);
      if (project !== undefined) projects.push(project);
    }
  }
  if (registries.length === 0 && !problems.some((problem) => problem.kind !== 'legacy-root-missing')) {
    const looked = candidates.map((candidate) => candidate.path).join(', ');
    notes.push({ scope: 'store', id: legacyRoot, message: `no legacy registry found (looked at ${looked}); no projects read` });
  }

  const ownership = storeOwnership(fs, { registries, projects, origins, homeDir });
  const sessions: LegacySession[] =
    storeRealPath === undefined ? [] : readSessions(fs, storeRealPath, legacyRoot, ownership, notes, problems);

  return { root: legacyRoot, registries, projects, sessions, problems, notes };
}

/** The root's real path (symlinks in the store may point anywhere inside it), or a problem when there is no root. */
function storeRealPathOf(fs: FileSystem, legacyRoot: string, problems: StoreProblem[]): string | undefined {
  const problem = (what: string) =>
    problems.push({
      kind: 'legacy-root-missing',
      path: legacyRoot,
      message: `${legacyRoot} ${what}, so no legacy session was read: check --legacy-root (the legacy data root is ~/.agent-orchestrator).`,
    });
  try {
    const real = fs.realpathSync(legacyRoot);
    if (fs.statSync(real).isDirectory()) return real;
    problem('is not a directory');
  } catch {
    problem('does not exist');
  }
  return undefined;
}
