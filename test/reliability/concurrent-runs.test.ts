import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMigratedTables } from '../../src/testing/rewrite-database.js';
import { buildLargeWorld, integrityCheck, listFiles, TEMP_COPY_NAME, type CliRun, type LargeWorld } from './large-world.js';

/**
 * Issue 6, two runs at once: started together on the same store and
 * database, they never duplicate a row; one creates everything, and the other
 * either refuses cleanly (exit 2) or finds everything already present.
 */

const REPETITIONS = 6;

let world: LargeWorld;
beforeAll(() => {
  world = buildLargeWorld({ projects: 5, sessionsPerProject: 20, claudeEvery: 4, transcriptBytes: 64 * 1024 });
});
afterAll(() => world?.cleanup());

describe('two runs at once', () => {
  it(`never duplicate rows; the loser refuses cleanly (${REPETITIONS} repetitions)`, async () => {
    const sessions = world.sessionIds.length;
    const outcomes: string[] = [];
    for (let repetition = 0; repetition < REPETITIONS; repetition += 1) {
      world.reset();
      // Half the repetitions with backups: both runs then also race for the backup name.
      const args = repetition % 2 === 0 ? ['--json'] : ['--json', '--no-backup'];
      const runs = await Promise.all([world.spawnCli(args), world.spawnCli(args)]);
      const context = `repetition ${repetition}`;

      let created = 0;
      for (const run of runs) {
        expect(run.stderr, `${context}: no stack trace`).not.toMatch(/^\s+at /m);
        const report = JSON.parse(run.stdout);
        outcomes.push(describeRun(run, report));
        if (run.status === 2) {
          expect(['DB_IN_USE', 'DAEMON_RUNNING'], `${context}: ${run.stdout}`).toContain(report.refusal.code);
          continue;
        }
        expect(run.status, `${context}: ${run.stderr}${run.stdout.slice(0, 2000)}`).toBe(0);
        expect(report.counts.sessions.created + report.counts.sessions['already-present'], context).toBe(sessions);
        created += report.counts.sessions.created;
      }
      expect(created, `${context}: every session created by exactly one run`).toBe(sessions);

      expect(integrityCheck(world.dbPath)).toBe('ok');
      const { sessions: rows, changeLog } = readMigratedTables(world.dbPath);
      expect(rows).toHaveLength(sessions);
      const createdEvents = changeLog.filter((event) => event.event_type === 'session_created').map((event) => event.session_id);
      expect(createdEvents.sort(), `${context}: one session_created per session`).toEqual([...world.sessionIds].sort());

      const destinations = listFiles(world.projectsDir)
        .map((relative) => path.join(world.projectsDir, relative))
        .filter((file) => !world.sourceBuckets.has(path.dirname(file)));
      expect(destinations.filter((file) => TEMP_COPY_NAME.test(path.basename(file))), `${context}: no temp left`).toEqual([]);
      expect(destinations).toHaveLength(world.sourceTranscripts.size);

      // The ledger: every row and copy recorded by exactly one run, so undo takes each back once.
      const ledger = JSON.parse(fs.readFileSync(path.join(path.dirname(world.dbPath), 'legacy-migration.json'), 'utf8')) as {
        runs: { sessions: { id: string }[]; transcripts: { files: { path: string }[] }[] }[];
      };
      const recordedSessions = ledger.runs.flatMap((run) => run.sessions.map((session) => session.id));
      expect(recordedSessions.sort(), `${context}: each session in one run`).toEqual([...world.sessionIds].sort());
      const recordedFiles = ledger.runs.flatMap((run) => run.transcripts.flatMap((t) => t.files.map((file) => file.path)));
      expect(recordedFiles.sort(), `${context}: each copy in one run`).toEqual([...destinations].sort());
    }
    console.log(`two runs at once: ${outcomes.join(' | ')}`);
  });
});

function describeRun(run: CliRun, report: { refusal?: { code: string }; counts: { sessions: Record<string, number> } }): string {
  return run.status === 2 ? `refused ${report.refusal?.code}` : `exit ${run.status}, created ${report.counts.sessions.created}`;
}
