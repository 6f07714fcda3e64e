import type { Note } from '../core/note.js';
import type { MigrationReport, SessionReport } from '../node-api/report.js';
import type { Style } from './style.js';

const NOTES_PER_GROUP = 5;

/** The human summary: header, a row per project, resume commands, problems, notes. */
export function renderSummary(report: MigrationReport, style: Style, verbose: boolean): string {
  const lines: string[] = [];
  lines.push(...renderHeader(report, style), '');
  lines.push(...renderProjectTable(report, style), '');

  const resumable = report.sessions.filter((s) => s.resumable);
  if (resumable.length > 0) {
    lines.push(style.bold(report.dryRun ? 'After the real run, resume with:' : 'Resume your sessions with:'));
    lines.push(...resumable.map((s) => `  ${s.resumeCommand}`), '');
  }

  const renamed = report.sessions.filter((s) => s.legacyId !== undefined && s.status !== 'skipped');
  if (renamed.length > 0) {
    lines.push(style.bold('New ids (another project\'s session has the legacy id):'));
    lines.push(...renamed.map((s) => `  ${s.legacyId} of ${s.projectId} → ${s.id}`), '');
  }

  const blocked = report.sessions.filter((s) => !s.resumable && (s.status === 'created' || s.status === 'already-present'));
  if (blocked.length > 0) {
    lines.push(style.bold('Migrated but not resumable:'));
    lines.push(...blocked.map((s) => `  ${s.id}: ${s.resumeBlockers.join('; ')}`), '');
  }

  const skipped = report.sessions.filter((s) => s.status === 'skipped');
  if (skipped.length > 0) {
    lines.push(style.bold(`Skipped, not migrated (${skipped.length}):`));
    const shown = verbose ? skipped : skipped.slice(0, NOTES_PER_GROUP);
    lines.push(...shown.map((s) => `  ${s.id}: ${s.reason ?? 'skipped'}`));
    if (shown.length < skipped.length) lines.push(`  … ${skipped.length - shown.length} more (--verbose lists them)`);
    lines.push('');
  }

  const problems = [...report.problems.map((problem) => `  ${problem.message}`), ...problemLines(report)];
  if (problems.length > 0) {
    lines.push(style.red(style.bold('Problems (nothing was overwritten):')), ...problems, '');
  }

  lines.push(...renderNotes(report.notes, style, verbose));
  return `${lines.join('\n').trimEnd()}\n`;
}

function renderHeader(report: MigrationReport, style: Style): string[] {
  const title = report.dryRun
    ? style.yellow(style.bold('ao-migrate — DRY RUN: nothing was written'))
    : style.green(style.bold('ao-migrate — migration finished'));
  const schema = report.target.schemaVersion === null ? '' : ` (schema v${report.target.schemaVersion})`;
  const backup = report.target.backupPath ?? (report.dryRun ? 'none (dry run)' : 'none (--no-backup)');
  const configs = [...new Set(report.projects.map((project) => project.config))];
  return [
    title,
    ...configs.map((config, index) => {
      const ids = report.projects.filter((project) => project.config === config).map((project) => project.id);
      return `  ${index === 0 ? 'config  ' : '        '}  ${config} (${ids.join(', ')})`;
    }),
    `  database  ${report.target.dbPath}${schema}`,
    `  backup    ${backup}`,
    `  mode      ${report.mode}${report.mode === 'restorable' ? ' (resume with `ao session restore <id>`)' : ''}`,
  ];
}

function renderProjectTable(report: MigrationReport, style: Style): string[] {
  const header = ['project', 'status', 'created', 'present', 'skipped', 'conflict', 'failed', 'transcripts'];
  const rows = report.projects.map((project) => {
    const sessions = report.sessions.filter((s) => s.projectId === (project.adoptedAs ?? project.id) || s.projectId === project.id);
    const ids = new Set(sessions.map((s) => s.id));
    const transcripts = report.transcripts.filter((t) => ids.has(t.sessionId));
    const copied = transcripts.filter((t) => t.status === 'created' || t.status === 'already-present').length;
    const count = (status: SessionReport['status']) => String(sessions.filter((s) => s.status === status).length);
    const name = project.adoptedAs ? `${project.id} → ${project.adoptedAs}` : project.id;
    return [
      name,
      project.status,
      count('created'),
      count('already-present'),
      count('skipped'),
      count('conflict'),
      count('failed'),
      transcripts.length === 0 ? '-' : `${copied}/${transcripts.length}`,
    ];
  });
  if (rows.length === 0) return ['No projects found in the legacy registry.'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const format = (cells: string[]) => `  ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')}`.trimEnd();
  return [style.bold(format(header)), ...rows.map(format)];
}

function problemLines(report: MigrationReport): string[] {
  const items = [
    ...report.projects.map((p) => ({ kind: 'project', id: p.id, status: p.status, reason: p.reason })),
    ...report.sessions.map((s) => ({ kind: 'session', id: s.id, status: s.status, reason: s.reason })),
    ...report.transcripts.map((t) => ({ kind: 'transcript', id: t.sessionId, status: t.status, reason: t.reason })),
  ];
  return items
    .filter((item) => item.status === 'conflict' || item.status === 'failed')
    .map((item) => `  ${item.kind} ${item.id}: ${item.status}${item.reason ? ` — ${item.reason}` : ''}`);
}

function renderNotes(notes: Note[], style: Style, verbose: boolean): string[] {
  if (notes.length === 0) return [];
  const lines = [style.bold(`Notes (${notes.length})${verbose ? '' : '; --verbose shows all'}:`)];
  for (const scope of ['store', 'project', 'session', 'transcript'] as const) {
    const group = notes.filter((n) => n.scope === scope);
    if (group.length === 0) continue;
    lines.push(`  ${scope} (${group.length})`);
    const shown = verbose ? group : group.slice(0, NOTES_PER_GROUP);
    lines.push(...shown.map((n) => style.dim(`    ${n.id}: ${n.message}`)));
    if (shown.length < group.length) lines.push(style.dim(`    … ${group.length - shown.length} more`));
  }
  return lines;
}
