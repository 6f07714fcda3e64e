import * as path from 'node:path';
import { lstatIfPresent } from '../../claude/lstat-if-present.js';
import { childPath } from '../../claude/child-path.js';
import type { FileSystem } from '../../effects/fs.js';
import { replaceJsonStrings } from '../replace-json-strings.js';

/**
 * The session files of `sessionId` in the older JSON storage (one per
 * project dir; ids are unique, so normally at most one). None when the
 * storage does not exist.
 */
export function findJsonSessionFiles(fs: FileSystem, sessionsDir: string, sessionId: string): string[] {
  let projects;
  try {
    projects = fs.readdirSync(sessionsDir, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw error;
  }
  return projects
    .filter((entry) => entry.isDirectory())
    .map((entry) => path.join(childPath(sessionsDir, entry.name), `${sessionId}.json`))
    .filter((file) => lstatIfPresent(fs, file)?.isFile() === true)
    .sort();
}

export type JsonSession = { kind: 'session'; text: string; directory: string } | { kind: 'unmeasured'; why: string };

/** Reads a session file: a JSON object with this `id` and a string `directory`, else a format we do not guess at. */
export function readJsonSession(fs: FileSystem, file: string, sessionId: string): JsonSession {
  const text = fs.readFileSync(file).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'unmeasured', why: `${file} is not JSON` };
  }
  const { id, directory } = (typeof value === 'object' && value !== null ? value : {}) as { id?: unknown; directory?: unknown };
  if (id !== sessionId || typeof directory !== 'string') {
    return { kind: 'unmeasured', why: `${file} is not an OpenCode session file with this id and a directory` };
  }
  return { kind: 'session', text, directory };
}

/** `text` with its top-level `directory` set to `directory`; every other byte kept. */
export function withDirectory(text: string, directory: string): string {
  return replaceJsonStrings(text, (jsonPath) => (jsonPath.length === 1 && jsonPath[0] === 'directory' ? directory : undefined));
}
