import type { StatusReport } from '../core/status/types.js';
import type { Style } from './style.js';

/** The human view of `status`: counts, the resume lines, then every session that will not resume and why. */
export function renderStatus(report: StatusReport, style: Style): string {
  const { projects, sessions } = report;
  const resumable = sessions.filter((s) => s.resumable);
  const stuck = sessions.filter((s) => s.migrated && !s.resumable);
  const missing = sessions.filter((s) => !s.migrated);
  const lines = [
    style.bold('ao-migrate status (nothing was changed)'),
    `  database  ${report.dbPath}`,
    `  projects  ${projects.filter((p) => p.migrated).length} of ${projects.length} migrated`,
    `  sessions  ${sessions.length} live in the legacy store: ${resumable.length} resumable, ` +
      `${stuck.length} migrated but not resumable, ${missing.length} not migrated`,
    '',
  ];
  if (resumable.length > 0) lines.push(style.bold('Resume with:'), ...resumable.map((s) => `  ${s.resumeCommand}`), '');
  if (report.problems.length > 0) {
    lines.push(style.red(style.bold('Problems:')), ...report.problems.map((problem) => `  ${problem.message}`), '');
  }
  const section = (title: string, items: { id: string; legacyId?: string; reasons: string[] }[]) => {
    if (items.length === 0) return;
    lines.push(style.bold(title));
    for (const item of items) {
      const was = item.legacyId === undefined ? '' : ` (legacy ${item.legacyId})`;
      lines.push(`  ${item.id}${was}:`, ...item.reasons.map((reason) => `    - ${reason}`));
    }
    lines.push('');
  };
  section('Migrated but not resumable:', stuck);
  section('Not migrated:', missing);
  section('Projects:', projects.filter((p) => p.reasons.length > 0));
  for (const note of report.notes) lines.push(style.dim(`note: ${note.message}`));
  return `${lines.join('\n').trimEnd()}\n`;
}
