import { isMap, isScalar } from 'yaml';
import type { FileSystem } from '../effects/fs.js';
import type { Note } from '../note.js';
import { parseLeniently } from './parse-leniently.js';
import { parseYaml } from './parse-yaml.js';
import { BEHAVIOUR_KEYS, registryDefaultsSchema } from './registry-schema.js';
import { isPlainObject } from './schema-parts.js';
import { withoutUndefined } from '../without-undefined.js';
import type { AgentDefaults, LegacySnapshot } from './types.js';

/** One `projects` entry, still raw: the project reader parses it. */
export interface RawRegistryEntry {
  id: string;
  raw: unknown;
}

export interface RegistryRead {
  registryPath: string | null;
  registryShape: LegacySnapshot['registryShape'];
  registryMtime: Date | null;
  defaults: AgentDefaults;
  /** In registry (file) order. */
  entries: RawRegistryEntry[];
}

/**
 * Reads the global registry file. A missing or unreadable one gives an empty
 * registry and a store note, never an error.
 */
export function readRegistry(fs: FileSystem, registryPath: string, notes: Note[]): RegistryRead {
  const empty: RegistryRead = {
    registryPath: null,
    registryShape: 'none',
    registryMtime: null,
    defaults: {},
    entries: [],
  };
  let text: string;
  let mtime: Date;
  try {
    const stats = fs.statSync(registryPath);
    if (!stats.isFile()) {
      notes.push({ scope: 'store', id: registryPath, message: 'the registry path is not a file; no projects read' });
      return empty;
    }
    mtime = stats.mtime;
    text = fs.readFileSync(registryPath).toString('utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    notes.push({
      scope: 'store',
      id: registryPath,
      message: missing
        ? 'no legacy registry found here; no projects read'
        : `the legacy registry could not be read (${(error as Error).message}); no projects read`,
    });
    return empty;
  }
  const found = { ...empty, registryPath, registryMtime: mtime };

  const parsed = parseYaml(text);
  if (!parsed.ok) {
    notes.push({ scope: 'store', id: registryPath, message: `the registry is not valid YAML (${parsed.error}); no projects read` });
    return found;
  }
  if (parsed.value === null) {
    notes.push({ scope: 'store', id: registryPath, message: 'the registry is empty; no projects read' });
    return { ...found, registryShape: 'hybrid' };
  }
  if (!isPlainObject(parsed.value)) {
    notes.push({ scope: 'store', id: registryPath, message: 'the registry is not a YAML map; no projects read' });
    return found;
  }

  const top = parsed.value;
  const entries = projectEntries(parsed.document.get('projects'), top['projects'], registryPath, notes);
  return {
    ...found,
    registryShape: entries.some(isWrappedEntry) ? 'wrapped' : 'hybrid',
    defaults: agentDefaults(top['defaults'], registryPath, notes),
    entries,
  };
}

/** Entries in the order the file lists them (plain objects reorder integer-like keys). */
function projectEntries(node: unknown, value: unknown, registryPath: string, notes: Note[]): RawRegistryEntry[] {
  if (value === undefined || value === null) return [];
  if (!isMap(node) || !isPlainObject(value)) {
    notes.push({ scope: 'store', id: registryPath, message: '`projects` in the registry is not a map; no projects read' });
    return [];
  }
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
