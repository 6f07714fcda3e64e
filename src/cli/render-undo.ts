import type { UndoItem, UndoReport } from '../core/undo/types.js';
import type { Style } from './style.js';
import { forTerminal } from './terminal-text.js';

/** The human view of `undo`: what was (or would be) removed, what kept and why, and how to restore the backup instead; strings escaped for the terminal. */
export function renderUndo(rawReport: UndoReport, style: Style): string {
  const report = forTerminal(rawReport);
  const { counts, dryRun } = report;
  const [removed, kept] = dryRun ? ['to remove', 'would be kept'] : ['removed', 'kept'];
  const line = (label: string, c: UndoReport['counts']['projects']) =>
    `  ${label.padEnd(11)} ${c.removed} ${removed}, ${c['already-gone']} already gone, ${c.refused} ${kept} (changed or in use), ${c.failed} failed`;
  const title = `the run of ${report.run?.runAt ?? '?'}`;
  const lines = [
    dryRun ? style.yellow(style.bold(`ao-migrate undo — DRY RUN: ${title}; nothing was removed`)) : style.bold(`ao-migrate undo — ${title}`),
    `  database    ${report.target.dbPath}`,
    `  backup      ${report.target.backupPath ?? (dryRun ? 'none (dry run)' : 'none (--no-backup)')}`,
    line('projects', counts.projects),
    line('sessions', counts.sessions),
    line('transcripts', counts.transcripts),
    line('agents', counts.agentDirectories),
    '',
  ];
  const keptItems: UndoItem[] = [...report.projects, ...report.sessions, ...report.transcripts, ...report.agentDirectories].filter(
    (item) => item.status === 'refused' || item.status === 'failed',
  );
  if (keptItems.length > 0) {
    lines.push(
      style.yellow(style.bold(dryRun ? 'Would be kept:' : 'Kept:')),
      ...keptItems.map((item) => `  ${item.id}: ${item.status} — ${item.reason ?? ''}`),
      '',
    );
  }
  if (dryRun && [counts.projects, counts.sessions, counts.transcripts, counts.agentDirectories].some((c) => c.removed > 0)) {
    lines.push('Without --dry-run, `ao-migrate undo` removes what is counted "to remove" above (after a backup of ao.db).', '');
  }
  const before = report.run?.backupPath;
  lines.push(
    before
      ? `To go back to the database exactly as it was before that run instead: stop the rewrite (\`ao stop\`), then\n` +
          `  cp '${before}' '${report.target.dbPath}'\n` +
          `and remove '${report.target.dbPath}-wal' and '${report.target.dbPath}-shm' if they exist.`
      : 'That run took no backup (--no-backup), so there is no copy of the database from before it.',
  );
  for (const note of report.notes) lines.push(style.dim(`note: ${note.message}`));
  return `${lines.join('\n').trimEnd()}\n`;
}
