import * as path from 'node:path';

/**
 * `path.join(dir, name)` for a `dir` that is already normalised and a `name`
 * without separators (a bucket slug, a transcript file name), joined
 * directly: `path.join` re-normalises and assembles its result from many
 * pieces, which V8 keeps as a tree of fragments. With several such paths
 * per session in the report, that tree doubled the transcripts' memory.
 */
export function childPath(dir: string, name: string): string {
  return [dir, name].join(path.sep);
}
