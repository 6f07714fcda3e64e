import type { MigrationReport } from '../node-api/report.js';

/** Exit statuses of the CLI (migration-rules §9); stable for scripts. */
export const EXIT = {
  /** Everything created, already present, or skipped by policy. */
  ok: 0,
  /** Finished, but an item failed or conflicted, or the store had a problem (e.g. sessions no registry owns). */
  itemProblems: 1,
  /** Refused by a precondition; nothing was written. */
  refused: 2,
  /** Bad usage (unknown flag, bad value). */
  usage: 64,
  /** A bug in ao-migrate, not bad input (the message says what failed). */
  internal: 70,
} as const;

export function exitCodeFor(report: MigrationReport): number {
  if (report.refusal) return EXIT.refused;
  const { counts } = report;
  const problems = [counts.projects, counts.sessions, counts.transcripts, counts.agentDirectories].some(
    (c) => c.failed > 0 || c.conflict > 0,
  );
  return problems || report.problems.length > 0 ? EXIT.itemProblems : EXIT.ok;
}
