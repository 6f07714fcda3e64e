import * as path from 'node:path';
import { type FileSystem, readRegularFile } from '../effects/fs.js';
import type { Note } from '../note.js';
import { classifySessionFile, type SessionsDirLayout } from './classify-session-file.js';
import { listStoreDir, type StoreEntry } from './list-store-dir.js';
import { parseKeyValue } from './parse-key-value.js';
import type { RawSessionFile } from './parse-session-record.js';
import { isPlainObject } from './schema-parts.js';

/**
 * Reads every session record of one `sessions/` dir, in name order. Each
 * file that is skipped gets a note naming it and why; `archive/` (killed
 * sessions) is never read.
 */
export function readSessionsDir(
  fs: FileSystem,
  dir: string,
  layout: SessionsDirLayout,
  storeRealPath: string,
  notes: Note[],
): RawSessionFile[] {
  const entries = listStoreDir(fs, dir, storeRealPath, notes);
  const skip = (entry: StoreEntry, reason: string) =>
    notes.push({ scope: 'store', id: entry.path, message: `skipped: ${reason}` });

  // Classified once: the alias rule needs every plain record id before the loop below.
  const classified = entries.map((entry) => ({
    entry,
    kind: entry.kind === 'file' ? classifySessionFile(entry.name, layout) : undefined,
  }));
  const plainIds = new Set(classified.flatMap(({ kind }) => (kind?.kind === 'record' ? [kind.id] : [])));

  const chosen: Array<{ entry: StoreEntry; id: string; alias: boolean }> = [];
  const aliasTaken = new Map<string, string>();
  const corruptCopies = new Map<string, string>();
  for (const { entry, kind } of classified) {
    if (kind === undefined) {
      if (entry.name === 'archive') continue;
      skip(entry, entry.name === '.ghcache' ? 'GitHub response cache' : 'a directory where a session file was expected');
      continue;
    }
    switch (kind.kind) {
      case 'skip':
        skip(entry, kind.reason);
        break;
      case 'corrupt-copy':
        skip(entry, 'forensic copy of a corrupt record, never imported');
        corruptCopies.set(kind.id, entry.path);
        break;
      case 'alias': {
        const taken = aliasTaken.get(kind.id);
        if (plainIds.has(kind.id)) skip(entry, `duplicate alias; ${kind.id}.json is the record`);
        else if (taken !== undefined) skip(entry, `duplicate alias; ${taken} was read as ${kind.id}`);
        else {
          aliasTaken.set(kind.id, entry.path);
          chosen.push({ entry, id: kind.id, alias: true });
        }
        break;
      }
      case 'record':
        chosen.push({ entry, id: kind.id, alias: false });
        break;
    }
  }

  const records: RawSessionFile[] = [];
  for (const { entry, id, alias } of chosen) {
    // A link to a file of a sessions dir: that file is read as itself there, once.
    if (entry.linkTarget !== undefined && path.basename(path.dirname(entry.linkTarget)) === 'sessions') {
      skip(entry, `a symlink to the session file ${entry.linkTarget}, which is read as itself`);
      continue;
    }
    const raw = readRecord(fs, entry, layout, skip);
    if (raw === undefined) continue;
    if (alias) {
      notes.push({ scope: 'session', id, message: `read from the alias ${entry.path}: ${id}.json is absent` });
    }
    const corrupt = corruptCopies.get(id);
    if (corrupt !== undefined && !alias) {
      notes.push({
        scope: 'session',
        id,
        message: `a corrupt copy (${corrupt}) sits beside ${entry.path}; this record may be partial`,
      });
    }
    records.push({ id, file: entry.path, layout, mtime: entry.stats.mtime, raw });
  }
  return records;
}

function readRecord(
  fs: FileSystem,
  entry: StoreEntry,
  layout: SessionsDirLayout,
  skip: (entry: StoreEntry, reason: string) => void,
): Record<string, unknown> | undefined {
  if (entry.stats.size === 0) {
    skip(entry, 'empty file: a reserved id (a spawn in progress or one that crashed)');
    return undefined;
  }
  let text: string;
  try {
    text = readRegularFile(fs, entry.path).toString('utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    skip(entry, `could not be read (${(error as Error).message})`);
    return undefined;
  }
  if (layout === 'old') return parseKeyValue(text);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    skip(entry, 'not valid JSON');
    return undefined;
  }
  if (!isPlainObject(raw)) {
    skip(entry, `JSON ${Array.isArray(raw) ? 'array' : raw === null ? 'null' : typeof raw}, not an object`);
    return undefined;
  }
  return raw;
}
