/** Claude Code cuts long slugs here and appends a hash so distinct paths stay distinct. */
const MAX_SLUG_LENGTH = 200;

/**
 * The name of the bucket under `<claude dir>/projects/` where Claude Code
 * keeps the transcripts of sessions run in `path` (migration-rules §7).
 * Must match Claude Code exactly, or `claude --resume` finds nothing.
 */
export function claudeProjectSlug(path: string): string {
  // No `u` flag: Claude Code replaces UTF-16 code units, so an astral
  // character becomes two dashes.
  const slug = path.replace(/[^a-zA-Z0-9]/g, '-');
  if (slug.length <= MAX_SLUG_LENGTH) return slug;
  return `${slug.slice(0, MAX_SLUG_LENGTH)}-${Math.abs(javaStringHash(path)).toString(36)}`;
}

/** Java's `String.hashCode` over UTF-16 code units, as a signed 32-bit integer. */
function javaStringHash(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) {
    h = ((h << 5) - h + text.charCodeAt(i)) | 0;
  }
  return h;
}
