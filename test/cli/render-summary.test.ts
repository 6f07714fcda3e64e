import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../src/cli/exit-codes.js';
import { renderSummary } from '../../src/cli/render-summary.js';
import { createStyle, escapesWanted } from '../../src/cli/style.js';
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
    target: { dbPath: '/d/ao.db', schemaVersion: 23, release: 'npm 0.10.x', backupPath: '/d/ao.db.pre-migrate-x' },
    projects,
    sessions,
    transcripts: [],
    agentDirectories: [],
    problems: [],
    notes: Array.from({ length: noteCount }, (_, i) => ({ scope: 'session' as const, id: `s${i}`, message: `note ${i}` })),
    counts: { projects: countStatuses(projects), sessions: countStatuses(sessions), transcripts: countStatuses([]), agentDirectories: countStatuses([]) },
  };
}

const plain = createStyle(false);

describe('the human summary', () => {
  it('names the database with its schema version and the release that makes it', () => {
    expect(renderSummary(report([]), plain, false)).toContain('  database  /d/ao.db (schema v23, npm 0.10.x)\n');
  });

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

  it("warns under --mode live that today's daemon terminates such rows, and only then", () => {
    const live = renderSummary({ ...report([session('app-1')]), mode: 'live' }, plain, false);
    expect(live).toMatch(/^ {2}mode {6}live\n {2}warning {3}--mode live inserts the sessions as running, but today's daemon terminates such rows at its next start/m);
    expect(live).toContain('--mode restorable (the default) is the useful mode.');
    expect(renderSummary(report([session('app-1')]), plain, false)).not.toContain('warning');
  });

  it('colours only when asked', () => {
    expect(renderSummary(report([session('app-1')]), createStyle(true), false)).toMatch(/\u001b\[\d+m/);
    expect(renderSummary(report([session('app-1')]), plain, false)).not.toMatch(/\u001b\[/);
  });
});

describe('colour and exit codes', () => {
  const tty = { isTTY: true } as NodeJS.WriteStream;
  const pipe = { isTTY: false } as NodeJS.WriteStream;
  it('wants escape codes on a TTY only, never with NO_COLOR or TERM=dumb', () => {
    expect(escapesWanted(tty, { TERM: 'xterm' })).toBe(true);
    expect(escapesWanted(tty, { NO_COLOR: '1' })).toBe(false);
    expect(escapesWanted(tty, { NO_COLOR: '' })).toBe(true);
    expect(escapesWanted(tty, { TERM: 'dumb' })).toBe(false);
    expect(escapesWanted(pipe, {})).toBe(false);
  });

  it('exits 1 on a conflict or failure, 2 on a refusal, else 0', () => {
    expect(exitCodeFor(report([session('a'), session('b', { status: 'skipped' })]))).toBe(0);
    expect(exitCodeFor(report([session('a', { status: 'conflict' })]))).toBe(1);
    expect(exitCodeFor(report([session('a', { status: 'failed' })]))).toBe(1);
    expect(exitCodeFor({ ...report([]), refusal: { code: 'DB_MISSING', message: 'm' } })).toBe(2);
  });
});

describe('the human summary of a large store', () => {
  const PROJECTS = 4;
  const PER_PROJECT = 5_000;

  /** 20,000 sessions in text order (as a directory listing gives them): every 10th not resumable, every 100th skipped, every 1000th failed. */
  function largeReport(dryRun: boolean): MigrationReport {
    const projects = Array.from({ length: PROJECTS }, (_, p) => ({ id: `p${p}`, config: '/c.yaml', status: 'created' as const }));
    const ids = projects.flatMap((project) => Array.from({ length: PER_PROJECT }, (_, i) => `${project.id}-${i + 1}`)).sort();
    const sessions = ids.map((id) => {
      const n = Number(id.split('-')[1]);
      const projectId = id.split('-')[0]!;
      if (n % 1000 === 0) return session(id, { projectId, status: 'failed', reason: 'disk full', resumable: false, resumeBlockers: ['not in the database (failed)'], resumeCommand: undefined });
      if (n % 100 === 0) return session(id, { projectId, status: 'skipped', reason: 'terminal: state done', resumable: false, resumeBlockers: [], resumeCommand: undefined });
      if (n % 10 === 0) return session(id, { projectId, resumable: false, resumeBlockers: ['no branch'], resumeCommand: undefined });
      return session(id, { projectId });
    });
    const transcripts = sessions
      .filter((s) => s.status === 'created')
      .map((s) => ({ sessionId: s.id, uuid: `u-${s.id}`, source: `/src/${s.id}.jsonl`, destination: `/dst/${s.id}.jsonl`, status: 'created' as const }));
    return {
      ...report(sessions),
      dryRun,
      projects,
      transcripts,
      counts: {
        projects: countStatuses(projects),
        sessions: countStatuses(sessions),
        transcripts: countStatuses(transcripts),
        agentDirectories: countStatuses([]),
      },
    };
  }

  const big = largeReport(false);
  const text = renderSummary(big, plain, false);
  const lines = text.trimEnd().split('\n');

  it('fits on a few screens', () => {
    expect(big.sessions).toHaveLength(20_000);
    expect(lines.length).toBeLessThan(250);
  });

  it('lists the restore lines per project in natural order, then counts the rest', () => {
    const restores = lines.filter((line) => line.startsWith('    ao session restore ')).map((line) => line.trim().split(' ').at(-1));
    expect(restores).toHaveLength(50);
    // p0-1 … p0-9, p0-11 … : every 10th (and 100th, 1000th) is not resumable.
    expect(restores.slice(0, 11)).toEqual(['p0-1', 'p0-2', 'p0-3', 'p0-4', 'p0-5', 'p0-6', 'p0-7', 'p0-8', 'p0-9', 'p0-11', 'p0-12']);
    expect(lines).toContain('  p0 (4,500):');
    const resumable = big.sessions.filter((s) => s.resumable).length;
    expect(lines).toContain(`  … and ${(resumable - 50).toLocaleString('en-US')} more: ao-migrate status --json lists them, --verbose shows all`);
  });

  it('collapses the other long lists too, and keeps the table whole', () => {
    expect(text).toMatch(/^Migrated but not resumable \(1,800\):$/m);
    expect(text).toMatch(/^Problems \(20; nothing was overwritten\):$/m);
    expect(text).toMatch(/^ {2}… and 1,750 more: ao-migrate status --json lists them, --verbose shows all$/m);
    expect(text).toMatch(/^ {2}p3 +created +4,950 +0 +45 +0 +5 +4,950\/4,950$/m);
  });

  it('ends with the totals', () => {
    expect(lines.at(-1)).toBe(
      'Total: 4 projects; 20,000 sessions (19,800 created, 0 already present, 180 skipped, 0 conflict, 20 failed); ' +
        '19,800 of 19,800 transcripts in place; 18,000 resumable',
    );
    expect(renderSummary(largeReport(true), plain, false).trimEnd().split('\n').at(-1)).toMatch(/^Total \(dry run\): 4 projects;/);
  });

  it('shows every line with --verbose', () => {
    const all = renderSummary(big, plain, true);
    expect(all.match(/^ {4}ao session restore /gm)).toHaveLength(18_000);
    expect(all).not.toContain('more:');
  });
});

describe('escaping for the terminal', () => {
  it('prints control characters from names and reasons as visible escapes, never raw', () => {
    const evil = 'ma-1\u001b[2J\nFORGED LINE\u0007\u009b\u007f\u202e';
    const text = renderSummary(
      report([session(evil, { resumable: false, resumeCommand: undefined, resumeBlockers: [`branch "x\ry" held by ${evil}`] })], 1),
      plain,
      true,
    );
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(text).not.toMatch(/^FORGED LINE/m);
    expect(text).toContain('ma-1\\x1b[2J\\nFORGED LINE\\x07\\x9b\\x7f\\u202e');
    expect(text).toContain('branch "x\\ry"');
  });

  it('leaves the report itself (and so the JSON) exact', () => {
    const evil = 'a\nb';
    const input = report([session(evil)]);
    renderSummary(input, plain, false);
    expect(input.sessions[0]?.id).toBe(evil);
  });
});
