import * as path from 'node:path';
import type { FileSystem } from '../effects/fs.js';
import type { Git } from '../effects/git.js';
import type { Note } from '../note.js';
import { expandHome } from './expand-home.js';
import { type BehaviourResult, parseBehaviour } from './parse-behaviour.js';
import { parseLeniently } from './parse-leniently.js';
import { readBehaviourFile } from './read-behaviour-file.js';
import { type Portfolio, projectPathKey } from './read-portfolio.js';
import type { RawRegistryEntry } from './read-registry.js';
import { registryEntrySchema } from './registry-schema.js';
import { isPlainObject } from './schema-parts.js';
import { withoutUndefined } from '../without-undefined.js';
import type { LegacyProject, LegacyRegistry } from './types.js';

export interface ProjectReadContext {
  fs: FileSystem;
  git: Git;
  homeDir: string;
  /** The registry the entry is in, and its shape. */
  registryPath: string;
  shape: LegacyRegistry['shape'];
  portfolio: Portfolio;
  notes: Note[];
}

/**
 * One registry entry → `LegacyProject`: identity from the entry, behaviour
 * from the entry itself (wrapped registry) or the per-repo file (hybrid).
 * An entry with no usable `path` cannot be migrated: skipped with a note.
 */
export function readProject(entry: RawRegistryEntry, ctx: ProjectReadContext): LegacyProject | undefined {
  const { id, raw } = entry;
  const { notes } = ctx;
  if (!isPlainObject(raw)) {
    notes.push({ scope: 'project', id, message: 'registry entry is not a map; project skipped' });
    return undefined;
  }
  const { value: identity, dropped } = parseLeniently(registryEntrySchema, raw);
  for (const field of dropped) {
    notes.push({ scope: 'project', id, message: `registry field ${field.path} ignored: ${field.problem}` });
  }
  if (identity.path === undefined || identity.path === '') {
    notes.push({ scope: 'project', id, message: 'registry entry has no usable path; project skipped' });
    return undefined;
  }

  const projectDir = expandHome(identity.path, ctx.homeDir);
  const readable = path.isAbsolute(projectDir);
  if (!readable) {
    notes.push({
      scope: 'project',
      id,
      message: `path ${identity.path} is not absolute; its behaviour file and git remote were not looked up`,
    });
  }
  const { behaviour, degraded } = projectBehaviour(id, raw, projectDir, readable, ctx);
  const repoOriginUrl = typeof identity.repo === 'object' ? identity.repo?.originUrl : undefined;
  const gitOriginUrl =
    repoOriginUrl === undefined && readable && ctx.fs.existsSync(projectDir)
      ? ctx.git.remoteOriginUrl(projectDir)
      : undefined;

  return withoutUndefined({
    id,
    registryPath: ctx.registryPath,
    path: identity.path,
    displayName: identity.displayName ?? identity.name,
    preferredDisplayName: ctx.portfolio.displayNames.get(id),
    sessionPrefix: identity.sessionPrefix,
    defaultBranch: identity.defaultBranch,
    repoOriginUrl,
    gitOriginUrl,
    registeredAtEpochSeconds: identity.registeredAt ?? undefined,
    registeredJsonAddedAt: ctx.portfolio.addedAtByPath.get(projectPathKey(identity.path, ctx.homeDir)),
    storageKey: identity.storageKey,
    behaviour,
    degraded,
  });
}

function projectBehaviour(
  id: string,
  raw: Record<string, unknown>,
  projectDir: string,
  readable: boolean,
  ctx: ProjectReadContext,
): BehaviourResult {
  if (ctx.shape === 'wrapped') return parseBehaviour(raw, 'the registry entry', id, ctx.notes);
  if (!readable) return { behaviour: { droppedKeys: [] } };
  return readBehaviourFile(ctx.fs, projectDir, id, ctx.notes);
}
