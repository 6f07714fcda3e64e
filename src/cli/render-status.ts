import type { StatusReport } from '../core/status/types.js';
import { collapse, ELSEWHERE, formatCount, naturalOrder, restoreLines } from './long-lists.js';
import { renderNotes } from './render-notes.js';
import type { Style } from './style.js';
import { forTerminal } from './terminal-text.js';

/**
 * The human view of `status`: the resume lines grouped per project, every
 * session that will not resume and why, projects with a problem, notes, and
 * the totals as the last line. Long lists show their first lines unless
 * `verbose`; every string from the report is escaped for the terminal.
 */
export function renderStatus(rawReport: StatusReport, style: Style, verbose: boolean): string {
  const report = forTerminal(rawReport);
  const sessions = [...report.sessions].sort((a, b) => naturalOrder(a.projectId, b.projectId) || naturalOrder(a.id, b.id));
  const resumable = sessions.filter((s) => s.resumable);
  const stuck = sessions.filter((s) => s.migrated && !s.resumable);
  const missing = sessions.filter((s) => !s.migrated);
  const sections: string[][] = [[style.bold('ao-migrate status (nothing was changed)'), `  database  ${report.dbPath}`]];
  if (resumable.length > 0) {
    sections.push([
      style.bold('Resume with:'),
      ...restoreLines(resumable, (s) => s.resumeCommand, verbose, ELSEWHERE),
      '(In the desktop app, restore them from the Board instead.)',
    ]);
  }
  if (report.problems.length > 0) {
    sections.push([style.red(style.bold('Problems:')), ...report.problems.map((problem) => `  ${problem.message}`)]);
  }
  const withReasons = (title: string, items: { id: string; legacyId?: string; reasons: string[] }[]) => {
    if (items.length === 0) return;
    const was = (item: { legacyId?: string }) => (item.legacyId === undefined ? '' : ` (legacy ${item.legacyId})`);
    sections.push([
      style.bold(`${title} (${formatCount(items.length)}):`),
      ...collapse(items, (item) => [`  ${item.id}${was(item)}:`, ...item.reasons.map((reason) => `    - ${reason}`)], { verbose, where: ELSEWHERE }),
    ]);
  };
  withReasons('Migrated but not resumable', stuck);
  withReasons('Not migrated', missing);
  withReasons('Projects', [...report.projects].filter((p) => p.reasons.length > 0).sort((a, b) => naturalOrder(a.id, b.id)));
  if (report.notes.length > 0) sections.push(renderNotes(report.notes, style, verbose));

  const migratedProjects = report.projects.filter((p) => p.migrated).length;
  sections.push([
    style.bold(
      `Total: ${formatCount(report.projects.length)} projects (${formatCount(migratedProjects)} migrated); ` +
        `${formatCount(sessions.length)} live sessions in the legacy store: ${formatCount(resumable.length)} resumable, ` +
        `${formatCount(stuck.length)} migrated but not resumable, ${formatCount(missing.length)} not migrated`,
    ),
  ]);
  return `${sections.map((section) => section.join('\n')).join('\n\n')}\n`;
}
