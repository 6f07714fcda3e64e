import type { Git } from '../../src/core/effects/git.js';
import { type ReadLegacyOptions, readLegacy } from '../../src/core/legacy/read-legacy.js';
import type { LegacySnapshot } from '../../src/core/legacy/types.js';
import type { Note } from '../../src/core/note.js';
import type { LegacyStore } from '../../src/testing/legacy-store-builder.js';

/** A git that knows no remotes, so tests never spawn the real one by accident. */
export const noGit: Git = { remoteOriginUrl: () => undefined };

/** Reads `store` the way a user's run would, isolated from this machine's env and git. */
export function readStore(store: LegacyStore, options: ReadLegacyOptions = {}): LegacySnapshot {
  return readLegacy({ homeDir: store.home, env: {}, git: noGit, ...options });
}

/** The notes whose text mentions every one of `fragments`. */
export function notesAbout(snapshot: LegacySnapshot, ...fragments: string[]): Note[] {
  return snapshot.notes.filter((note) => fragments.every((f) => note.message.includes(f) || note.id.includes(f)));
}
