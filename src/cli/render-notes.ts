import type { Note } from '../core/note.js';
import { formatCount } from './long-lists.js';
import type { Style } from './style.js';

const NOTES_PER_GROUP = 5;
const SCOPES = ['store', 'project', 'session', 'transcript'] as const;

/** Notes per scope, the first few of each unless `verbose`. */
export function renderNotes(notes: Note[], style: Style, verbose: boolean): string[] {
  if (notes.length === 0) return [];
  const groups = SCOPES.map((scope) => [scope, notes.filter((n) => n.scope === scope)] as const);
  const hidden = !verbose && groups.some(([, group]) => group.length > NOTES_PER_GROUP);
  const lines = [style.bold(`Notes (${formatCount(notes.length)})${hidden ? '; --verbose shows all' : ''}:`)];
  for (const [scope, group] of groups) {
    if (group.length === 0) continue;
    lines.push(`  ${scope} (${formatCount(group.length)})`);
    const shown = verbose ? group : group.slice(0, NOTES_PER_GROUP);
    lines.push(...shown.map((n) => style.dim(`    ${n.id}: ${n.message}`)));
    if (shown.length < group.length) lines.push(style.dim(`    … ${formatCount(group.length - shown.length)} more`));
  }
  return lines;
}
