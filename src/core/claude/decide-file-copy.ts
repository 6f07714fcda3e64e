import * as path from 'node:path';
import type { FileSystem } from '../effects/fs.js';
import { compareWithSource } from './compare-files.js';
import { destinationState } from './destination-state.js';

/**
 * What to do with one transcript file (migration-rules §7): `create` (absent
 * at the destination), `keep` (identical), `replace` (the destination is a
 * strict prefix: the conversation went on after an earlier run), `conflict`
 * (anything else; the destination is kept).
 */
export type FileCopyDecision =
  | { action: 'create' | 'replace' | 'keep'; relative: string; source: string; destination: string; bytes: number }
  | { action: 'conflict'; relative: string; source: string; destination: string; reason: string };

/** Decides for `<sourceBucket>/<relative>` → `<destinationBucket>/<relative>`; reads only. */
export function decideFileCopy(
  fs: FileSystem,
  sourceBucket: string,
  destinationBucket: string,
  relative: string,
): FileCopyDecision {
  const source = path.join(sourceBucket, relative);
  const destination = path.join(destinationBucket, relative);
  const bytes = fs.statSync(source).size;
  const state = destinationState(fs, destinationBucket, relative);
  if (state.kind === 'obstacle') return { action: 'conflict', relative, source, destination, reason: state.reason };
  if (state.kind === 'absent') return { action: 'create', relative, source, destination, bytes };
  switch (compareWithSource(fs, source, destination)) {
    case 'identical':
      return { action: 'keep', relative, source, destination, bytes };
    case 'destination-is-prefix':
      return { action: 'replace', relative, source, destination, bytes };
    case 'different':
      return {
        action: 'conflict',
        relative,
        source,
        destination,
        reason: `${destination} holds other content than ${source}`,
      };
  }
}
