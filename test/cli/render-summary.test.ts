import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../src/cli/exit-codes.js';
import { renderSummary } from '../../src/cli/render-summary.js';
import { colourWanted, createStyle } from '../../src/cli/style.js';
import { countStatuses } from '../../src/node-api/build-report.js';
import type { MigrationReport, SessionReport } from '../../src/node-api/report.js';

function session(id: string, overrides: Partial<SessionReport> = {}): SessionReport {
  return {
    id,
    projectId: 'app',
    kind: 'worker',
    harness: 'claude-code',
    status: 'created',
    resumable: true,
    resumeBlockers: [],
    resumeCommand: `ao session restore ${id}`,
    ...overrides,
  };
}

function report(sessions: SessionReport[], noteCount = 0): MigrationReport {
  const projects = [{ id: 'app', config: '/home/dev/.agent-orchestrator/config.yaml', status: 'created' as const }];
  return {
    reportVersion: 1,
    dryRun: false,
    mode: 'restorable',
    target: { dbPath: '/d/ao.db', schemaVersion: 12, backupPath: '/d/ao.db.pre-migrate-x' },
    projects,
    sessions,
    transcripts: [],
    problems: [],
    notes: Array.from({ length: noteCount }, (_, i) => ({ scope: 'session' as const, id: `s${i}`, message: `note ${i}` })),
    counts: { projects: countStatuses(projects), sessions: countStatuses(sessions), transcripts: countStatuses([]) },
  };
}

const plain = createStyle(false);

describe('the human summary', () => {
  it('lists a restore command per resumable session and none for the others', () => {
    const text = renderSummary(
      report([session('app-1'), session('app-2', { resumable: false, resumeBlockers: ['no branch'], resumeCommand: undefined })]),
      plain,
      false,
    );
    expect(text).toContain('  ao session restore app-1\n');
    expect(text).not.toContain('ao session restore app-2');
    expect(text).toContain('  app-2: no branch');
  });

  it('shows conflicts and failures with their reason', () => {
    const text = renderSummary(report([session('app-1', { status: 'conflict', reason: 'another branch', resumable: false, resumeCommand: undefined })]), plain, false);
    expect(text).toContain('session app-1: conflict — another branch');
  });

  it('shows five notes per group unless --verbose', () => {
    const short = renderSummary(report([], 8), plain, false);
    expect(short).toContain('s4: note 4');
    expect(short).not.toContain('s5: note 5');
    expect(short).toContain('… 3 more');
    expect(renderSummary(report([], 8), plain, true)).toContain('s7: note 7');
  });

  it('colours only when asked', () => {
    expect(renderSummary(report([session('app-1')]), createStyle(true), false)).toMatch(/\u001b\[\d+m/);
    expect(renderSummary(report([session('app-1')]), plain, false)).not.toMatch(/\u001b\[/);
  });
});

describe('colour and exit codes', () => {
  const tty = { isTTY: true } as NodeJS.WriteStream;
  const pipe = { isTTY: false } as NodeJS.WriteStream;
  it('wants colour on a TTY without NO_COLOR only', () => {
    expect(colourWanted(tty, {})).toBe(true);
    expect(colourWanted(tty, { NO_COLOR: '1' })).toBe(false);
    expect(colourWanted(pipe, {})).toBe(false);
  });

  it('exits 1 on a conflict or failure, 2 on a refusal, else 0', () => {
    expect(exitCodeFor(report([session('a'), session('b', { status: 'skipped' })]))).toBe(0);
    expect(exitCodeFor(report([session('a', { status: 'conflict' })]))).toBe(1);
    expect(exitCodeFor(report([session('a', { status: 'failed' })]))).toBe(1);
    expect(exitCodeFor({ ...report([]), refusal: { code: 'DB_MISSING', message: 'm' } })).toBe(2);
  });
});
