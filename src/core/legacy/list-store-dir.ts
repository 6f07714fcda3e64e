import * as path from 'node:path';
import type { DirEntry, FileStats, FileSystem } from '../effects/fs.js';
import type { Note } from '../note.js';

/** A directory entry inside the store, with symlinks already followed (and checked). */
export interface StoreEntry {
  name: string;
  path: string;
  kind: 'file' | 'directory';
  stats: FileStats;
  /** Where the entry leads, symlinks resolved, when it is a symlink. */
  linkTarget?: string;
}

/**
 * Lists `dir` sorted by name (code-unit order, so runs are deterministic).
 * Symlinks are followed only while they stay inside the store
 * (`storeRealPath`); one pointing out, a dangling one, and anything that is
 * neither file nor directory are noted and left out. An unreadable `dir` is
 * noted and lists as empty. `wanted` picks names before they are
 * inspected, so entries the caller does not care about make no notes.
 */
export function listStoreDir(
  fs: FileSystem,
  dir: string,
  storeRealPath: string,
  notes: Note[],
  wanted: (name: string) => boolean = () => true,
): StoreEntry[] {
  let dirents: DirEntry[];
  try {
    dirents = fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((entry) => wanted(entry.name))
      .sort((a, b) => compareCodeUnits(a.name, b.name));
  } catch (error) {
    notes.push({ scope: 'store', id: dir, message: `directory could not be read (${(error as Error).message}); skipped` });
    return [];
  }
  const entries: StoreEntry[] = [];
  for (const dirent of dirents) {
    const entry = storeEntry(fs, path.join(dir, dirent.name), dirent, storeRealPath, notes);
    if (entry !== undefined) entries.push(entry);
  }
  return entries;
}

function storeEntry(
  fs: FileSystem,
  entryPath: string,
  dirent: DirEntry,
  storeRealPath: string,
  notes: Note[],
): StoreEntry | undefined {
  const { name } = dirent;
  try {
    // The entry's type from readdir: an lstat per file would double the system calls on a large store.
    let linkTarget: string | undefined;
    if (dirent.isSymbolicLink()) {
      const target = fs.realpathSync(entryPath);
      linkTarget = target;
      if (!isInside(target, storeRealPath)) {
        notes.push({
          scope: 'store',
          id: entryPath,
          message: `symlink points outside the legacy store (to ${target}); not followed`,
        });
        return undefined;
      }
    }
    const stats = fs.statSync(entryPath);
    const link = linkTarget === undefined ? {} : { linkTarget };
    if (stats.isFile()) return { name, path: entryPath, kind: 'file', stats, ...link };
    if (stats.isDirectory()) return { name, path: entryPath, kind: 'directory', stats, ...link };
    notes.push({ scope: 'store', id: entryPath, message: 'neither a file nor a directory; skipped' });
  } catch (error) {
    notes.push({ scope: 'store', id: entryPath, message: `could not be inspected (${(error as Error).message}); skipped` });
  }
  return undefined;
}

function isInside(target: string, root: string): boolean {
  return target === root || target.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/** Plain code-unit order: unlike `localeCompare`, the same on every machine. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
