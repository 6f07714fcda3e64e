/** Escapes `text` for literal use inside a RegExp (session prefixes may hold `.`). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
