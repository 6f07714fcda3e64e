import * as path from 'node:path';
import type { z } from 'zod';
import { type FileSystem, readRegularFile } from '../effects/fs.js';
import type { Note } from '../note.js';
import { expandHome } from './expand-home.js';
import { preferencesSchema, registeredSchema } from './portfolio-schema.js';

/** What the portfolio overlays add to projects. */
export interface Portfolio {
  /** displayName by project id. */
  displayNames: Map<string, string>;
  /** addedAt by resolved project path. */
  addedAtByPath: Map<string, string>;
}

/**
 * Reads `portfolio/preferences.json` and `portfolio/registered.json`. Both
 * are optional; a malformed one is noted and ignored. Entries that do not
 * fit are skipped one by one (zod `.catch`), they only decorate projects.
 */
export function readPortfolio(fs: FileSystem, legacyRoot: string, homeDir: string, notes: Note[]): Portfolio {
  const portfolio: Portfolio = { displayNames: new Map(), addedAtByPath: new Map() };
  const preferences = readJson(fs, path.join(legacyRoot, 'portfolio', 'preferences.json'), preferencesSchema, notes);
  for (const [id, entry] of Object.entries(preferences?.projects ?? {})) {
    if (entry.displayName !== undefined) portfolio.displayNames.set(id, entry.displayName);
  }
  const registered = readJson(fs, path.join(legacyRoot, 'portfolio', 'registered.json'), registeredSchema, notes);
  for (const entry of registered?.projects ?? []) {
    if (entry.path === undefined || entry.addedAt === undefined) continue;
    portfolio.addedAtByPath.set(projectPathKey(entry.path, homeDir), entry.addedAt);
  }
  return portfolio;
}

/** The form in which registry paths and `registered.json` paths are compared. */
export function projectPathKey(projectPath: string, homeDir: string): string {
  return path.resolve(expandHome(projectPath, homeDir));
}

function readJson<T>(fs: FileSystem, file: string, schema: z.ZodType<T>, notes: Note[]): T | undefined {
  let text: string;
  try {
    text = readRegularFile(fs, file).toString('utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      notes.push({ scope: 'store', id: file, message: `could not be read (${(error as Error).message}); ignored` });
    }
    return undefined;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    notes.push({ scope: 'store', id: file, message: 'is not valid JSON; ignored' });
    return undefined;
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    notes.push({ scope: 'store', id: file, message: `has an unexpected shape (${result.error.issues[0]?.message}); ignored` });
    return undefined;
  }
  return result.data;
}
