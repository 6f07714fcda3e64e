import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMigratedTables, type MigratedTables } from '../../src/testing/rewrite-database.js';
import { buildLargeWorld, integrityCheck, listFiles, TEMP_COPY_NAME, type LargeWorld } from './large-world.js';
import { reliabilitySeed, seededRandom } from './seeded-random.js';

/**
 * Issue 6, crash safety: the CLI is SIGKILLed at random moments spread over a
 * whole run on a large store. After each kill the database is intact and holds
 * all of the migration or none of it, no transcript sits half-written under
 * its final name, a re-run completes, and a further re-run changes nothing.
 * Issue 13: in every other trial `undo` comes first, and leaves no row, no
 * file and no directory of the killed run behind.
 */

const TRIALS = 20;
const SEED = reliabilitySeed(0x6a0c_2026);

interface Reference {
  sessions: number;
  projects: number;
  changeLog: number;
  /** destination → source, from an uninterrupted run's report. */
  transcripts: Map<string, string>;
  spanMs: number;
}

let world: LargeWorld;
let reference: Reference;

beforeAll(async () => {
  world = buildLargeWorld({ projects: 20, sessionsPerProject: 40, claudeEvery: 5, transcriptBytes: 200 * 1024 });
  // Two uninterrupted runs: the slower one sets the span the kills are spread over.
  const first = await world.spawnCli(['--json', '--no-backup']);
  expect(first.status, first.stderr).toBe(0);
  world.reset();
  const run = await world.spawnCli(['--json', '--no-backup']);
  expect(run.status, run.stderr).toBe(0);
  const report = JSON.parse(run.stdout);
  const contents = readMigratedTables(world.dbPath);
  reference = {
    sessions: contents.sessions.length,
    projects: contents.projects.length,
    changeLog: contents.changeLog.length,
    transcripts: new Map(report.transcripts.map((t: { source: string; destination: string }) => [t.destination, t.source])),
    spanMs: Math.max(first.elapsedMs, run.elapsedMs),
  };
  // The store is what the test says it is: everything migrates, every transcript is copied.
  expect(reference.sessions).toBe(world.sessionIds.length);
  expect(reference.projects).toBe(world.projectIds.length);
  expect(reference.transcripts.size).toBe(world.sourceTranscripts.size);
  world.reset();
});

afterAll(() => world?.cleanup());

describe('SIGKILL at random moments of a run', () => {
  const random = seededRandom(SEED);
  const seen = { killed: 0, finished: 0, rowsPresentAfterKill: 0, someTranscripts: 0, leftoverTemps: 0, undone: 0 };

  // One test per trial (each with its own time limit), in order; the seeded delays follow trial order.
  it.each(Array.from({ length: TRIALS }, (_, trial) => trial))('trial %i: a consistent state that a re-run completes', async (trial) => {
    if (trial === 0) console.log(`crash trials: seed ${SEED} (replay with AO_RELIABILITY_SEED=${SEED}), run span ${reference.spanMs} ms`);
    world.reset();
    // Stratified: trial i is killed somewhere in the i-th slice of the run, so the whole run is covered;
    // a fifth past the measured span, as under load a run takes longer and its last moments matter too.
    const delay = Math.round(((trial + random()) / TRIALS) * reference.spanMs * 1.2);
    const backup = trial % 4 === 3;
    const context = `trial ${trial}, seed ${SEED}, SIGKILL after ${delay} ms${backup ? ', with backup' : ''}`;
    const killed = await world.spawnCli(['--json', ...(backup ? [] : ['--no-backup'])], { killAfterMs: delay });
    if (killed.signal === 'SIGKILL') seen.killed += 1;
    else {
      expect(killed.status, context).toBe(0);
      seen.finished += 1;
    }

    const state = checkStateAfterKill(context);
    if (state.rows > 0 && killed.signal === 'SIGKILL') seen.rowsPresentAfterKill += 1;
    if (state.transcripts > 0) seen.someTranscripts += 1;
    if (state.temps > 0) seen.leftoverTemps += 1;

    if (trial % 2 === 1) {
      const undo = world.runCli(['undo', '--json', '--no-backup']);
      const undoReport = JSON.parse(undo.stdout);
      // Killed before it recorded anything, the run wrote nothing: there is nothing to undo.
      if (undoReport.refusal?.code !== 'NO_LEDGER') {
        expect(undo.status, `${context}: undo\n${undo.stdout}`).toBe(0);
        seen.undone += 1;
      }
      expect(readMigratedTables(world.dbPath), `${context}: rows left after undo`).toEqual({ projects: [], sessions: [], changeLog: [] });
      expect(destinationFiles(), `${context}: files left after undo`).toEqual([]);
      expect(listDirs(world.projectsDir).filter((dir) => !world.sourceBuckets.has(dir)), `${context}: directories left after undo`).toEqual([]);
    }

    const rerun = world.runCli(['--json', '--no-backup']);
    expect(rerun.status, `${context}: re-run\n${rerun.stderr}`).toBe(0);
    const rerunReport = JSON.parse(rerun.stdout);
    expect(rerunReport.counts.sessions.failed + rerunReport.counts.sessions.conflict, context).toBe(0);
    expect(rerunReport.counts.transcripts.failed + rerunReport.counts.transcripts.conflict, context).toBe(0);
    const complete = checkComplete(context);

    const again = world.runCli(['--json', '--no-backup']);
    expect(again.status, `${context}: second re-run\n${again.stderr}`).toBe(0);
    const againReport = JSON.parse(again.stdout);
    expect(againReport.counts.sessions['already-present'], context).toBe(reference.sessions);
    expect(againReport.counts.sessions.created, context).toBe(0);
    expect(againReport.counts.transcripts['already-present'], context).toBe(reference.transcripts.size);
    expect(againReport.counts.transcripts.created, context).toBe(0);
    expect(checkComplete(context), `${context}: the second re-run changed something`).toEqual(complete);
  });

  it('the kills hit the run, not only its start or its end', () => {
    console.log(`crash trials: ${JSON.stringify(seen)}`);
    expect(seen.killed + seen.finished).toBe(TRIALS);
    expect(seen.killed).toBeGreaterThanOrEqual(TRIALS / 2);
    expect(seen.someTranscripts).toBeGreaterThan(0);
    expect(seen.undone).toBeGreaterThan(0);
  });
});

/** The four properties after a kill; returns what the run had got done. */
function checkStateAfterKill(context: string): { rows: number; transcripts: number; temps: number } {
  expect(integrityCheck(world.dbPath), context).toBe('ok');
  const contents = readMigratedTables(world.dbPath);
  const all = { sessions: reference.sessions, projects: reference.projects, changeLog: reference.changeLog };
  const none = { sessions: 0, projects: 0, changeLog: 0 };
  const counts = { sessions: contents.sessions.length, projects: contents.projects.length, changeLog: contents.changeLog.length };
  expect([none, all], `${context}: rows are all there or none are`).toContainEqual(counts);

  // A backup under its final name is a whole copy (a killed copy's leftovers carry a temp name).
  for (const name of fs.readdirSync(world.dataDir).filter((n) => /^ao\.db\.pre-migrate-[0-9TZ.-]+$/.test(n))) {
    const backup = path.join(world.dataDir, name);
    expect(integrityCheck(backup), `${context}: backup ${name}`).toBe('ok');
    expect(readMigratedTables(backup), `${context}: backup ${name} is a copy of the database`).toEqual({ projects: [], sessions: [], changeLog: [] });
  }

  let transcripts = 0;
  let temps = 0;
  for (const file of destinationFiles()) {
    if (TEMP_COPY_NAME.test(path.basename(file))) {
      temps += 1;
      continue;
    }
    const source = reference.transcripts.get(file);
    expect(source, `${context}: unexpected file ${file}`).toBeDefined();
    expect(fs.readFileSync(file).equals(fs.readFileSync(source as string)), `${context}: ${file} differs from its source`).toBe(true);
    transcripts += 1;
  }
  return { rows: counts.sessions, transcripts, temps };
}

/** Everything migrated, every transcript whole, no temp left; returns a snapshot to compare runs. */
function checkComplete(context: string): { contents: MigratedTables; files: string[] } {
  expect(integrityCheck(world.dbPath), context).toBe('ok');
  const contents = readMigratedTables(world.dbPath);
  expect(contents.sessions.length, context).toBe(reference.sessions);
  expect(contents.projects.length, context).toBe(reference.projects);
  expect(contents.changeLog.length, context).toBe(reference.changeLog);
  const files = destinationFiles();
  expect(files, `${context}: exactly the transcripts, no temp left`).toEqual([...reference.transcripts.keys()].sort());
  for (const file of files) {
    expect(fs.readFileSync(file).equals(fs.readFileSync(reference.transcripts.get(file) as string)), `${context}: ${file}`).toBe(true);
  }
  // Inode and mtime: a further run that rewrote a file would show here.
  const stamps = files.map((file) => {
    const stats = fs.statSync(file);
    return `${file} ${stats.ino} ${stats.mtimeMs} ${stats.size}`;
  });
  return { contents, files: stamps };
}

/** Every file under the Claude projects dir outside the source buckets (absolute paths, sorted). */
function destinationFiles(): string[] {
  return listFiles(world.projectsDir)
    .map((relative) => path.join(world.projectsDir, relative))
    .filter((file) => !world.sourceBuckets.has(path.dirname(file)))
    .sort();
}

/** Every directory directly under `dir` (absolute paths). */
function listDirs(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => path.join(dir, entry.name));
}
