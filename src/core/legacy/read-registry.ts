import { isMap, isScalar } from 'yaml';
import { type FileSystem, readRegularFile } from '../effects/fs.js';
import type { Note } from '../note.js';
import { parseLeniently } from './parse-leniently.js';
import { parseYaml } from './parse-yaml.js';
import { BEHAVIOUR_KEYS, registryDefaultsSchema } from './registry-schema.js';
import { isPlainObject } from './schema-parts.js';
import { withoutUndefined } from '../without-undefined.js';
import type { AgentDefaults, LegacyRegistry } from './types.js';
import { errorMessage } from '../error-message.js';

/** One `projects` entry, still raw: the project reader parses it. */
export interface RawRegistryEntry {
  id: string;
  raw: unknown;
}

/** A registry file: absent, present but unusable (why), or read. */
export type RegistryRead =
  | { kind: 'missing' }
  | { kind: 'unreadable'; reason: string }
  | {
      kind: 'read';
      shape: LegacyRegistry['shape'];
      mtime: Date;
      defaults: AgentDefaults;
      /** In registry (file) order. */
      entries: RawRegistryEntry[];
    };

/**
 * Reads one registry file. An unreadable or unparsable one is `unreadable`
 * (a problem for the caller to report: its projects cannot be migrated);
 * an empty one is read, with a note.
 */
export function readRegistry(fs: FileSystem, registryPath: string, notes: Note[]): RegistryRead {
  let text: string;
  let mtime: Date;
  try {
    const stats = fs.statSync(registryPath);
    if (!stats.isFile()) return { kind: 'unreadable', reason: 'it is not a file' };
    mtime = stats.mtime;
    text = readRegularFile(fs, registryPath).toString('utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' };
    return { kind: 'unreadable', reason: `it could not be read (${errorMessage(error)})` };
  }

  const parsed = parseYaml(text);
  if (!parsed.ok) return { kind: 'unreadable', reason: `it is not valid YAML (${parsed.error})` };
  if (parsed.value === null) {
    notes.push({ scope: 'store', id: registryPath, message: 'the registry is empty; no projects read' });
    return { kind: 'read', shape: 'hybrid', mtime, defaults: {}, entries: [] };
  }
  if (!isPlainObject(parsed.value)) return { kind: 'unreadable', reason: 'it is not a YAML map' };

  const top = parsed.value;
  const projects = top['projects'];
  if (projects !== undefined && projects !== null && !(isMap(parsed.document.get('projects')) && isPlainObject(projects))) {
    return { kind: 'unreadable', reason: '`projects` in it is not a map' };
  }
  const entries = projectEntries(parsed.document.get('projects'), projects);
  return {
    kind: 'read',
    shape: entries.some(isWrappedEntry) ? 'wrapped' : 'hybrid',
    mtime,
    defaults: agentDefaults(top['defaults'], registryPath, notes),
    entries,
  };
}

/** Entries in the order the file lists them (plain objects reorder integer-like keys). */
function projectEntries(node: unknown, value: unknown): RawRegistryEntry[] {
  if (!isMap(node) || !isPlainObject(value)) return [];
  return node.items.map((pair) => {
    const id = String(isScalar(pair.key) ? pair.key.value : pair.key);
    return { id, raw: value[id] };
  });
}

/** Shape C: some entry has `path` plus behaviour keys inline. */
function isWrappedEntry(entry: RawRegistryEntry): boolean {
  const raw = entry.raw;
  return isPlainObject(raw) && 'path' in raw && BEHAVIOUR_KEYS.some((key) => key in raw);
}

function agentDefaults(raw: unknown, registryPath: string, notes: Note[]): AgentDefaults {
  if (raw === undefined || raw === null) return {};
  if (!isPlainObject(raw)) {
    notes.push({ scope: 'store', id: registryPath, message: '`defaults` in the registry is not a map; ignored' });
    return {};
  }
  const { value, dropped } = parseLeniently(registryDefaultsSchema, raw);
  for (const field of dropped) {
    notes.push({ scope: 'store', id: registryPath, message: `registry defaults.${field.path} ignored: ${field.problem}` });
  }
  return withoutUndefined({
    agent: value.agent,
    workerAgent: value.worker?.agent,
    orchestratorAgent: value.orchestrator?.agent,
  });
}
