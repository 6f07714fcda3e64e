import type { AgentDefaults, LegacyProject } from '../legacy/types.js';
import type { Note } from '../note.js';
import { formatDaemonTime } from '../time/daemon-time.js';
import { mapProjectConfig } from './project-config.js';
import { isValidProjectId } from './project-id.js';
import { normalizeProjectPath } from './project-path.js';
import type { ProjectRow } from './rows.js';
import { deriveSessionPrefix, isSafeSessionPrefix } from './session-prefix.js';
import { firstValidTime } from './timestamp-chain.js';

export interface ProjectMapContext {
  /** Expands a leading `~` in the registry path. */
  homeDir: string;
  /** Last `registered_at` fallback. */
  now: Date;
  /** The registry file's mtime, the `registered_at` fallback before `now`. */
  registryMtime: Date | null;
  /** Registry `defaults`: the role agents' last fallbacks in the project config. */
  defaults: AgentDefaults;
}

/**
 * `sessionPrefix` is the legacy prefix of the project's session ids (registry
 * value, else derived from the path); it is also written as
 * `config.sessionPrefix`, so the daemon uses the same one.
 */
export type ProjectMapping =
  | { action: 'create'; row: ProjectRow; sessionPrefix: string; notes: Note[] }
  | { action: 'skip'; reason: string; sessionPrefix: string; notes: Note[] };

/** A legacy registry entry → the v12 `projects` row (migration-rules §6). Pure. */
export function mapProject(project: LegacyProject, context: ProjectMapContext): ProjectMapping {
  const notes: Note[] = [];
  const note = (message: string) => notes.push({ scope: 'project', id: project.id, message });

  const cleanedPath = normalizeProjectPath(project.path, context.homeDir);
  const chosenPrefix = chooseSessionPrefix(project, cleanedPath);
  const { sessionPrefix } = chosenPrefix;

  if (!isValidProjectId(project.id)) {
    return {
      action: 'skip',
      reason: `project id '${project.id}' is not valid in the rewrite (letters, digits, '.', '_', '-', starting with a letter or digit, no '..')`,
      sessionPrefix,
      notes,
    };
  }
  if (cleanedPath === undefined) {
    return { action: 'skip', reason: `project path '${project.path}' is not absolute`, sessionPrefix, notes };
  }

  if (project.degraded !== undefined) {
    note(`Its agent-orchestrator.yaml could not be read (${project.degraded}); only the project's identity is migrated.`);
  }
  if (chosenPrefix.note !== undefined) note(chosenPrefix.note);

  const registered = firstValidTime([
    { source: 'the registry registeredAt', value: epochSeconds(project.registeredAtEpochSeconds) },
    { source: 'portfolio/registered.json addedAt', value: project.registeredJsonAddedAt },
    { source: 'the registry file mtime', value: context.registryMtime ?? undefined },
    { source: 'the current time', value: context.now },
  ]);
  for (const invalid of registered?.invalid ?? []) {
    note(`${invalid.source} '${invalid.value}' is not a valid time; ignored.`);
  }
  if (registered && registered.source !== 'the registry registeredAt') {
    note(`registered_at taken from ${registered.source}.`);
  }

  const config = mapProjectConfig({
    behaviour: project.behaviour,
    defaults: context.defaults,
    defaultBranch: project.defaultBranch,
    sessionPrefix,
  });
  for (const message of config.notes) note(message);

  const row: ProjectRow = {
    id: project.id,
    path: cleanedPath,
    repo_origin_url: nonEmpty(project.repoOriginUrl) ?? nonEmpty(project.gitOriginUrl) ?? '',
    display_name: displayName(project),
    registered_at: formatDaemonTime(registered?.date ?? context.now),
    kind: 'single_repo',
    config: config.json,
  };
  return { action: 'create', row, sessionPrefix, notes };
}

/**
 * The registry's prefix, else the one derived from the path (legacy-store
 * §2), else the daemon's own default (the id's first 12 characters): the
 * first the daemon can safely build a path from, since it is written as
 * `config.sessionPrefix`. A note says when the registry's was not used.
 */
function chooseSessionPrefix(project: LegacyProject, cleanedPath: string | undefined): { sessionPrefix: string; note?: string } {
  const registry = project.sessionPrefix ?? '';
  if (isSafeSessionPrefix(registry)) return { sessionPrefix: registry };
  const why =
    registry === ''
      ? 'No sessionPrefix in the registry'
      : `The registry's sessionPrefix ${JSON.stringify(registry)} cannot name a directory (the rewrite builds the orchestrator's worktree path from it)`;
  const derived = deriveSessionPrefix(cleanedPath ?? project.path);
  if (isSafeSessionPrefix(derived)) {
    return { sessionPrefix: derived, note: `${why}; using '${derived}', derived from the path as the legacy tool did.` };
  }
  const fallback = project.id.slice(0, 12);
  return {
    sessionPrefix: fallback,
    note: `${why}, nor can ${JSON.stringify(derived)}, derived from the path; using '${fallback}', the rewrite's own default (the project id's first 12 characters).`,
  };
}

/** Portfolio displayName → registry displayName when it says more than the id → `''`. */
function displayName(project: LegacyProject): string {
  const preferred = nonEmpty(project.preferredDisplayName);
  if (preferred !== undefined) return preferred;
  const registry = nonEmpty(project.displayName);
  return registry !== undefined && registry !== project.id ? registry : '';
}

function epochSeconds(seconds: number | undefined): Date | undefined {
  return seconds === undefined ? undefined : new Date(seconds * 1000);
}

function nonEmpty(text: string | undefined): string | undefined {
  return text === undefined || text === '' ? undefined : text;
}
