import type { FileSystem } from '../effects/fs.js';
import { terminalReason } from '../map/terminal.js';
import type { Note } from '../note.js';
import { compareCodeUnits, listStoreDir, type StoreEntry } from './list-store-dir.js';
import { parseSessionRecord, type RawSessionFile } from './parse-session-record.js';
import { readSessionsDir } from './read-sessions-dir.js';
import type { StoreOwnership } from './store-ownership.js';
import type { LegacySession, StoreProblem } from './types.js';

/** `<12 hex>-<name>` or bare `<12 hex>`: the project dirs of older releases. */
const OLD_PROJECT_DIR = /^[0-9a-f]{12}(-.+)?$/;

export function isOldProjectDir(name: string): boolean {
  return OLD_PROJECT_DIR.test(name) && !/^[0-9a-f]{12}-observability$/.test(name) && !name.endsWith('.migrated');
}

/**
 * Reads the sessions of every layout under the store root: current
 * `projects/<id>/sessions/*.json`, then older `<12hex>[-<name>]/sessions/*`.
 * An old-layout session whose id its own project also has in the current
 * layout is the same session (copied by a later storage migration): the
 * current one is read. Sessions of projects no registry defines are kept
 * (the planner reports them), and each store dir with live ones is a
 * `StoreProblem`, except that the sessions of a dir whose `.origin` names
 * a registry that does not own them are left out (they belong to a project
 * of that registry, never to another one's namesake). Sorted by project, then id.
 */
export function readSessions(
  fs: FileSystem,
  storeRealPath: string,
  legacyRoot: string,
  ownership: StoreOwnership,
  notes: Note[],
  problems: StoreProblem[],
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
      const sessions = sessionsOf(fs, projectDir, 'current', storeRealPath, notes).map((raw) =>
        parseSessionRecord(raw, projectDir.name, notes),
      );
      if (!ownership.isProject(projectDir.name)) problems.push(...orphanProblem(projectDir.path, sessions, ownership.unownedAdvice(undefined)));
      current.push(...sessions);
    }
  }

  const old: Array<{ raw: RawSessionFile; owner: string }> = [];
  for (const oldDir of rootEntries.filter((entry) => entry.name !== 'projects')) {
    const raws = sessionsOf(fs, oldDir, 'old', storeRealPath, notes);
    if (raws.length === 0) continue;
    const owner = ownership.ownerOfOldDir(oldDir.name, firstProjectKey(raws));
    if (owner.projectId === undefined) {
      // Parsed only to count the live ones: no project of this store may claim them.
      const sessions = raws.map((raw) => parseSessionRecord(raw, oldDir.name, []));
      problems.push(...orphanProblem(oldDir.path, sessions, owner.advice));
      continue;
    }
    if (!ownership.isProject(owner.projectId)) {
      if (firstProjectKey(raws) === undefined) {
        notes.push({
          scope: 'store',
          id: oldDir.path,
          message: `no registry project owns this directory and none of its ${raws.length} session files says its project; read as project '${owner.projectId}'`,
        });
      }
      const sessions = raws.map((raw) => parseSessionRecord(raw, owner.projectId, []));
      problems.push(...orphanProblem(oldDir.path, sessions, ownership.unownedAdvice(oldDir.name)));
    }
    for (const raw of raws) old.push({ raw, owner: owner.projectId });
  }

  const kept = withoutShadowed(old, current, notes).map(({ raw, owner }) => parseSessionRecord(raw, owner, notes));
  return [...current, ...kept].sort(
    (a, b) => compareCodeUnits(a.projectId, b.projectId) || compareCodeUnits(a.id, b.id),
  );
}

/** A problem for `dir` when it holds live sessions; a dir of finished sessions loses nothing. */
function orphanProblem(dir: string, sessions: readonly LegacySession[], advice: string): StoreProblem[] {
  const live = sessions.filter((session) => terminalReason(session) === undefined).map((session) => session.id);
  if (live.length === 0) return [];
  const shown = live.length > 5 ? `${live.slice(0, 5).join(', ')}, …` : live.join(', ');
  const count = live.length === 1 ? '1 live session' : `${live.length} live sessions`;
  return [{ kind: 'orphaned-store-dir', path: dir, message: `${dir} holds ${count} (${shown}) that no registry found owns: ${advice}` }];
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
    const project = recordProject(raw);
    if (project !== undefined) return project;
  }
  return undefined;
}

/**
 * Old-layout sessions that the current layout of the SAME project also
 * holds (legacy-store §5: the current one wins). A namesake in another
 * project, or in another old dir, is another session and is kept.
 */
function withoutShadowed<T extends { raw: RawSessionFile; owner: string }>(old: T[], current: LegacySession[], notes: Note[]): T[] {
  const currentFiles = new Map(current.map((session) => [`${session.projectId}\0${session.id}`, session.file]));
  return old.filter((item) => {
    const { id, file } = item.raw;
    const winner = currentFiles.get(`${recordProject(item.raw) ?? item.owner}\0${id}`);
    if (winner === undefined) return true;
    notes.push({ scope: 'session', id, message: `${file} is shadowed by ${winner}, which is read instead` });
    return false;
  });
}

function recordProject(raw: RawSessionFile): string | undefined {
  const project = raw.raw['project'];
  return typeof project === 'string' && project !== '' ? project : undefined;
}
