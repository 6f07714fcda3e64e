import { LIVE_MODE_WARNING } from '../core/plan/resume-readiness.js';
import type { MigrationReport, SessionReport, StatusCounts } from '../node-api/report.js';
import { collapse, ELSEWHERE, formatCount, groupBy, naturalOrder, restoreLines } from './long-lists.js';
import { renderNotes } from './render-notes.js';
import type { Style } from './style.js';
import { forTerminal } from './terminal-text.js';

/** Skipped sessions are the least interesting list: its first few, as for notes. */
const SKIPPED_SHOWN = 5;

/**
 * The human summary: header, a row per project, the restore commands
 * grouped per project, what will not resume, skips, problems, notes, and
 * the totals as the last line. Long lists show their first lines unless
 * `verbose`. Every string from the report is escaped for the terminal.
 */
export function renderSummary(rawReport: MigrationReport, style: Style, verbose: boolean): string {
  const report = forTerminal(rawReport);
  const sessions = [...report.sessions].sort((a, b) => naturalOrder(a.projectId, b.projectId) || naturalOrder(a.id, b.id));
  // Where the rest of a long list is: after a real run, `status` shows the database as it now is.
  const where = report.dryRun ? ELSEWHERE : 'ao-migrate status --json lists them, --verbose shows all';
  const sections: string[][] = [renderHeader(report, style), renderProjectTable(report, style, verbose)];

  const resumable = sessions.filter((s) => s.resumable);
  if (resumable.length > 0) {
    sections.push([
      style.bold(report.dryRun ? 'After the real run, resume with:' : 'Resume your sessions with:'),
      ...restoreLines(resumable, (s) => s.resumeCommand, verbose, where),
    ]);
  }
  const restarts = sessions.filter((s) => s.restartCommand !== undefined);
  if (restarts.length > 0) {
    sections.push([
      style.bold('No agent session id to resume: restore would start afresh from their prompt:'),
      ...restoreLines(restarts, (s) => s.restartCommand, verbose, where),
    ]);
  }
  if (resumable.length + restarts.length > 0) {
    sections.push(['(Start the rewrite first. In the desktop app, restore them from the Board instead.)']);
  }

  const renamed = sessions.filter((s) => s.legacyId !== undefined && s.status !== 'skipped');
  if (renamed.length > 0) {
    sections.push([
      style.bold(`New ids (another project's session has the legacy id) (${formatCount(renamed.length)}):`),
      ...collapse(renamed, (s) => [`  ${s.legacyId} of ${s.projectId} → ${s.id}`], { verbose, where }),
    ]);
  }

  const blocked = sessions.filter((s) => !s.resumable && (s.status === 'created' || s.status === 'already-present'));
  if (blocked.length > 0) {
    sections.push([
      style.bold(`Migrated but not resumable (${formatCount(blocked.length)}):`),
      ...collapse(blocked, (s) => [`  ${s.id}: ${s.resumeBlockers.join('; ')}`], { verbose, where }),
    ]);
  }

  const skipped = sessions.filter((s) => s.status === 'skipped');
  if (skipped.length > 0) {
    sections.push([
      style.bold(`Skipped, not migrated (${formatCount(skipped.length)}):`),
      ...collapse(skipped, (s) => [`  ${s.id}: ${s.reason ?? 'skipped'}`], { verbose, limit: SKIPPED_SHOWN, where: ELSEWHERE }),
    ]);
  }

  const problems = [...report.problems.map((problem) => `  ${problem.message}`), ...problemLines(report, sessions)];
  if (problems.length > 0) {
    sections.push([
      style.red(style.bold(`Problems (${formatCount(problems.length)}; nothing was overwritten):`)),
      ...collapse(problems, (line) => [line], { verbose, where }),
    ]);
  }

  if (report.notes.length > 0) sections.push(renderNotes(report.notes, style, verbose));
  const unchecked = report.target.inUseUnchecked;
  sections.push([
    ...(unchecked === undefined
      ? []
      : [style.yellow(`Not checked whether another process has the database open: ${unchecked}.`)]),
    style.bold(totalsLine(report)),
  ]);
  return `${sections.map((section) => section.join('\n')).join('\n\n')}\n`;
}

function renderHeader(report: MigrationReport, style: Style): string[] {
  const title = report.dryRun
    ? style.yellow(style.bold('ao-migrate — DRY RUN: nothing was written'))
    : style.green(style.bold('ao-migrate — migration finished'));
  const { schemaVersion, release } = report.target;
  const schema = schemaVersion === null ? '' : ` (schema v${schemaVersion}${release === null ? '' : `, ${release}`})`;
  const inserted = report.counts.projects.created + report.counts.sessions.created > 0;
  const backup = report.target.backupPath ?? (report.dryRun ? 'none (dry run)' : inserted ? 'none (--no-backup)' : 'none (nothing to write)');
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
    ...(report.mode === 'live' ? [style.yellow(`  warning   ${LIVE_MODE_WARNING}`)] : []),
  ];
}

function renderProjectTable(report: MigrationReport, style: Style, verbose: boolean): string[] {
  if (report.projects.length === 0) return ['No projects found in the legacy registry.'];
  const sessionsOf = groupBy(report.sessions, (s) => s.projectId);
  const transcriptOf = new Map(report.transcripts.map((t) => [t.sessionId, t]));
  const header = ['project', 'status', 'created', 'present', 'skipped', 'conflict', 'failed', 'transcripts'];
  const projects = [...report.projects].sort((a, b) => naturalOrder(a.id, b.id));
  const rows = projects.map((project) => {
    const sessions = [...(sessionsOf.get(project.id) ?? []), ...(project.adoptedAs ? (sessionsOf.get(project.adoptedAs) ?? []) : [])];
    const transcripts = sessions.flatMap((s) => transcriptOf.get(s.id) ?? []);
    const copied = transcripts.filter((t) => t.status === 'created' || t.status === 'already-present').length;
    const count = (status: SessionReport['status']) => formatCount(sessions.filter((s) => s.status === status).length);
    const name = project.adoptedAs ? `${project.id} → ${project.adoptedAs}` : project.id;
    return [
      name,
      project.status,
      count('created'),
      count('already-present'),
      count('skipped'),
      count('conflict'),
      count('failed'),
      transcripts.length === 0 ? '-' : `${formatCount(copied)}/${formatCount(transcripts.length)}`,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const format = (cells: string[]) => `  ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ')}`.trimEnd();
  return [style.bold(format(header)), ...collapse(rows, (row) => [format(row)], { verbose, where: ELSEWHERE })];
}

function problemLines(report: MigrationReport, sessions: SessionReport[]): string[] {
  const failed = (item: { status: string }) => item.status === 'conflict' || item.status === 'failed';
  const byId = (a: { id: string }, b: { id: string }) => naturalOrder(a.id, b.id);
  const items = [
    ...report.projects.filter(failed).map((p) => ({ kind: 'project', id: p.id, status: p.status, reason: p.reason })).sort(byId),
    ...sessions.filter(failed).map((s) => ({ kind: 'session', id: s.id, status: s.status, reason: s.reason })),
    ...report.transcripts.filter(failed).map((t) => ({ kind: 'transcript', id: t.sessionId, status: t.status, reason: t.reason })).sort(byId),
    ...report.agentDirectories
      .filter(failed)
      .map((a) => ({ kind: `${a.harness} directory`, id: a.sessionId, status: a.status, reason: a.reason }))
      .sort(byId),
  ];
  return items.map((item) => `  ${item.kind} ${item.id}: ${item.status}${item.reason ? ` — ${item.reason}` : ''}`);
}

/** The last line: what a glance at the end of a long summary needs. */
function totalsLine(report: MigrationReport): string {
  const { counts } = report;
  const sessions = (c: StatusCounts) =>
    `${formatCount(c.created)} created, ${formatCount(c['already-present'])} already present, ${formatCount(c.skipped)} skipped, ` +
    `${formatCount(c.conflict)} conflict, ${formatCount(c.failed)} failed`;
  const transcripts = Object.values(counts.transcripts).reduce((sum, n) => sum + n, 0);
  const inPlace = counts.transcripts.created + counts.transcripts['already-present'];
  const agents = report.agentDirectories.length;
  const agentsInPlace = counts.agentDirectories.created + counts.agentDirectories['already-present'];
  return (
    `${report.dryRun ? 'Total (dry run)' : 'Total'}: ${formatCount(report.projects.length)} projects; ` +
    `${formatCount(report.sessions.length)} sessions (${sessions(counts.sessions)}); ` +
    `${formatCount(inPlace)} of ${formatCount(transcripts)} transcripts in place; ` +
    (agents === 0 ? '' : `${formatCount(agentsInPlace)} of ${formatCount(agents)} codex/opencode sessions moved to their worktrees; `) +
    `${formatCount(report.sessions.filter((s) => s.resumable).length)} resumable`
  );
}
