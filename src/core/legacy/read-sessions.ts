import type { FileSystem } from '../effects/fs.js';
import type { Note } from '../note.js';
import { compareCodeUnits, listStoreDir, type StoreEntry } from './list-store-dir.js';
import { parseSessionRecord, type RawSessionFile } from './parse-session-record.js';
import { readSessionsDir } from './read-sessions-dir.js';
import type { LegacyProject, LegacySession } from './types.js';

/** `<12 hex>-<name>` or bare `<12 hex>`: the project dirs of older releases. */
const OLD_PROJECT_DIR = /^[0-9a-f]{12}(-.+)?$/;

function isOldProjectDir(name: string): boolean {
  return OLD_PROJECT_DIR.test(name) && !/^[0-9a-f]{12}-observability$/.test(name) && !name.endsWith('.migrated');
}

/**
 * Reads the sessions of every layout under the store root: current
 * `projects/<id>/sessions/*.json`, then older `<12hex>[-<name>]/sessions/*`.
 * A session id in both layouts is taken from the current one. Sessions of
 * projects missing from the registry are kept (the planner reports them).
 * Sorted by project, then id.
 */
export function readSessions(
  fs: FileSystem,
  storeRealPath: string,
  legacyRoot: string,
  projects: readonly LegacyProject[],
  notes: Note[],
): LegacySession[] {
  const rootEntries = listStoreDir(
    fs,
    legacyRoot,
    storeRealPath,
    notes,
    (name) => name === 'projects' || isOldProjectDir(name),
  ).filter((entry) => entry.kind === 'directory');

  const current: LegacySession[] = [];
  for (const projectsDir of rootEntries.filter((entry) => entry.name === 'projects')) {
    for (const projectDir of listStoreDir(fs, projectsDir.path, storeRealPath, notes)) {
      if (projectDir.kind !== 'directory') {
        notes.push({ scope: 'store', id: projectDir.path, message: 'skipped: a file where a project directory was expected' });
        continue;
      }
      for (const raw of sessionsOf(fs, projectDir, 'current', storeRealPath, notes)) {
        current.push(parseSessionRecord(raw, projectDir.name, notes));
      }
    }
  }

  const projectByStorageKey = new Map(
    projects.flatMap((project) => (project.storageKey === undefined ? [] : [[project.storageKey, project.id] as const])),
  );
  const old: Array<{ raw: RawSessionFile; owner: string }> = [];
  for (const oldDir of rootEntries.filter((entry) => entry.name !== 'projects')) {
    const raws = sessionsOf(fs, oldDir, 'old', storeRealPath, notes);
    if (raws.length === 0) continue;
    const owner = projectByStorageKey.get(oldDir.name) ?? firstProjectKey(raws);
    if (owner === undefined) {
      notes.push({
        scope: 'store',
        id: oldDir.path,
        message: `no registry storageKey names this directory and none of its ${raws.length} session files says its project; skipped`,
      });
      continue;
    }
    for (const raw of raws) old.push({ raw, owner });
  }

  const kept = withoutShadowed(old, current, notes).map(({ raw, owner }) => parseSessionRecord(raw, owner, notes));
  return [...current, ...kept].sort(
    (a, b) => compareCodeUnits(a.projectId, b.projectId) || compareCodeUnits(a.id, b.id),
  );
}

function sessionsOf(
  fs: FileSystem,
  projectDir: StoreEntry,
  layout: 'current' | 'old',
  storeRealPath: string,
  notes: Note[],
): RawSessionFile[] {
  const [sessionsDir] = listStoreDir(fs, projectDir.path, storeRealPath, notes, (name) => name === 'sessions');
  if (sessionsDir === undefined) return [];
  if (sessionsDir.kind !== 'directory') {
    notes.push({ scope: 'store', id: sessionsDir.path, message: 'skipped: a file where the sessions directory was expected' });
    return [];
  }
  return readSessionsDir(fs, sessionsDir.path, layout, storeRealPath, notes);
}

/** The `project=` of the first session file (in name order) that has one. */
function firstProjectKey(raws: readonly RawSessionFile[]): string | undefined {
  for (const raw of raws) {
    const project = raw.raw['project'];
    if (typeof project === 'string' && project !== '') return project;
  }
  return undefined;
}

/** Old-layout sessions whose id is already taken: the current layout wins, then the first old dir. */
function withoutShadowed<T extends { raw: RawSessionFile }>(old: T[], current: LegacySession[], notes: Note[]): T[] {
  const taken = new Map(current.map((session) => [session.id, session.file]));
  const kept: T[] = [];
  for (const item of old) {
    const { id, file } = item.raw;
    const winner = taken.get(id);
    if (winner !== undefined) {
      notes.push({ scope: 'session', id, message: `${file} is shadowed by ${winner}, which is read instead` });
      continue;
    }
    taken.set(id, file);
    kept.push(item);
  }
  return kept;
}
