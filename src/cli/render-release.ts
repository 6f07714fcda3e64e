import type { ReleaseReport } from '../core/worktrees/release-worktrees.js';
import type { Style } from './style.js';
import { forTerminal } from './terminal-text.js';

/** The human view of `release-worktrees`: one line per worktree, and how to act on a dry run; strings escaped for the terminal. */
export function renderRelease(rawReport: ReleaseReport, style: Style): string {
  const report = forTerminal(rawReport);
  const lines = [
    report.dryRun
      ? style.yellow(style.bold('ao-migrate release-worktrees — DRY RUN: nothing was changed'))
      : style.bold('ao-migrate release-worktrees'),
  ];
  if (report.worktrees.length === 0) lines.push('  No legacy worktree holds the branch of a session.');
  for (const item of report.worktrees) {
    const where = item.worktree === '' ? '' : ` ${item.worktree} (${item.branch})`;
    lines.push(`  ${item.status.padEnd(13)} ${item.sessionId}${where}${item.reason ? ` — ${item.reason}` : ''}`);
  }
  if (report.dryRun && report.worktrees.some((w) => w.status === 'would-release')) {
    lines.push('', 'Run again with --yes to detach them (their files stay as they are).');
  }
  return `${lines.join('\n')}\n`;
}
