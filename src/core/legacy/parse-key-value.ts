/**
 * Parses an old-layout session file: one `key=value` per line, split at the
 * first `=`, both sides trimmed; blank lines, `#` comments and lines without
 * `=` are skipped. A later duplicate key wins, as in the legacy tool.
 */
export function parseKeyValue(text: string): Record<string, string> {
  const record: Record<string, string> = {};
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq === -1) continue;
    const key = line.slice(0, eq).trim();
    if (key !== '') record[key] = line.slice(eq + 1).trim();
  }
  return record;
}
