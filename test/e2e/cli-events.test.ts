import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readMigratedTables } from '../../src/testing/rewrite-database.js';
import { CLI, makeWorld, writeStandardStore, type World } from './world.js';

/**
 * `--events ndjson` as an installer follows it: a parent process reading the
 * child's stderr line by line while stdout carries the `--json` report.
 */
let world: World;
beforeEach(() => {
  world = makeWorld();
  writeStandardStore(world);
});
afterEach(() => world.cleanup());

interface Followed {
  events: Record<string, unknown>[];
  stdout: string;
  exitCode: number | null;
}

/**
 * Runs the built CLI, following its stderr. `closeEvents`: the parent closes
 * its end of stderr at once, before the child writes its first event (as
 * `| head` does once it has its lines), so every write of the child fails.
 */
async function follow(args: string[], closeEvents = false, nodeArgs: string[] = []): Promise<Followed> {
  const child = spawn(process.execPath, [...nodeArgs, CLI, ...args], { env: world.env, stdio: ['ignore', 'pipe', 'pipe'] });
  const events: Record<string, unknown>[] = [];
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  if (closeEvents) {
    child.stderr.destroy();
  } else {
    readline.createInterface({ input: child.stderr }).on('line', (line) => events.push(JSON.parse(line) as Record<string, unknown>));
  }
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { events, stdout, exitCode };
}

describe('--events ndjson (built CLI)', () => {
  it('every line is an event of version 1: progress through each phase, the notes, and last done with the exit code', async () => {
    const { events, stdout, exitCode } = await follow(['--events', 'ndjson', '--json']);
    expect(exitCode).toBe(0);
    expect(events.every((event) => event.eventsVersion === 1)).toBe(true);
    expect(events.at(-1)).toEqual({ eventsVersion: 1, type: 'done', exitCode: 0 });
    expect(events.filter((event) => event.type === 'done')).toHaveLength(1);

    const phases = [...new Set(events.filter((e) => e.type === 'progress').map((e) => e.phase))];
    expect(phases).toEqual(['read', 'plan', 'preconditions', 'transcripts', 'agents', 'database', 'done']);
    expect(events.filter((e) => e.phase === 'transcripts').at(-1)).toMatchObject({ completed: 2, total: 2, bytes: expect.any(Number) });

    // Each note once, as found; together, the report's notes.
    const report = JSON.parse(stdout);
    const notes = events.filter((e) => e.type === 'note').map((e) => JSON.stringify(e.note));
    expect(notes.sort()).toEqual(report.notes.map((note: unknown) => JSON.stringify(note)).sort());
    expect(notes.length).toBeGreaterThan(0);
    // The plan's notes come before any copying.
    const firstNote = events.findIndex((e) => e.type === 'note');
    expect(firstNote).toBeLessThan(events.findIndex((e) => e.phase === 'transcripts'));
  });

  it('a refusal is an event, then done with exit code 2; the report on stdout says the same', async () => {
    fs.rmSync(world.dbPath);
    const { events, stdout, exitCode } = await follow(['--events', 'ndjson', '--json']);
    expect(exitCode).toBe(2);
    expect(events.slice(-2)).toEqual([
      { eventsVersion: 1, type: 'refusal', code: 'DB_MISSING', message: expect.stringContaining('ao.db') },
      { eventsVersion: 1, type: 'done', exitCode: 2 },
    ]);
    expect(JSON.parse(stdout).refusal.code).toBe('DB_MISSING');
  });

  it('a reader that closes the events early does not stop the migration: it completes, with its report and exit code', async () => {
    // A run file naming a live process that is not the daemon: asking it for /healthz lets the event loop turn
    // mid-run, and the failed writes of the first events are reported then, while the migration goes on.
    fs.writeFileSync(path.join(world.home, '.ao', 'running.json'), JSON.stringify({ pid: process.pid, port: 9, startedAt: '2026-06-15T10:00:00Z' }));
    const { stdout, exitCode } = await follow(['--events', 'ndjson', '--json'], true);
    expect(exitCode).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.counts.sessions.created).toBe(4);
    expect(readMigratedTables(world.dbPath).sessions).toHaveLength(4);
    const ledger = JSON.parse(fs.readFileSync(path.join(world.dataDir, 'legacy-migration.json'), 'utf8'));
    expect(ledger.runs).toHaveLength(1);
    expect(ledger.runs[0]).toMatchObject({ state: 'complete', sessions: expect.any(Array) });
    expect(ledger.runs[0].sessions).toHaveLength(4);
  });

  it('without --json a refusal is said on stdout: stderr holds only events, done last', async () => {
    fs.rmSync(world.dbPath);
    const { events, stdout, exitCode } = await follow(['--events', 'ndjson']);
    expect(exitCode).toBe(2);
    expect(events.map((event) => event.type).slice(-2)).toEqual(['refusal', 'done']);
    expect(stdout).toMatch(/^ao-migrate: refused \(DB_MISSING\)/);
    expect(stdout).toContain('Nothing was written.');
  });

  it('a command line it cannot take still ends the events with done, exit code 64', async () => {
    for (const [args, said] of [
      [['--events', 'ndjson', '--dry-rnu'], /unknown option --dry-rnu; did you mean --dry-run\?/],
      [['--events=ndjson', '--json', 'stauts'], /"usageError"/],
    ] as const) {
      const { events, stdout, exitCode } = await follow([...args]);
      expect(exitCode).toBe(64);
      expect(events).toEqual([{ eventsVersion: 1, type: 'done', exitCode: 64 }]);
      expect(stdout).toMatch(said);
    }
  });

  it('a bug (exit code 70) still ends the events with done, and --json still gets an object to parse', async () => {
    // A fault put in from outside: os.homedir() throws, as a bug would, before anything is read.
    const bug = [
      '--import',
      'data:text/javascript,import os from "node:os"; import m from "node:module"; os.homedir = () => { throw new TypeError("injected bug") }; m.syncBuiltinESMExports();',
    ];
    const json = await follow(['--events', 'ndjson', '--json'], false, bug);
    expect(json.exitCode).toBe(70);
    expect(json.events.at(-1)).toEqual({ eventsVersion: 1, type: 'done', exitCode: 70 });
    expect(JSON.parse(json.stdout)).toEqual({ reportVersion: 1, internalError: { message: 'injected bug' } });

    const human = await follow(['--events', 'ndjson'], false, bug);
    expect(human.exitCode).toBe(70);
    expect(human.events).toEqual([{ eventsVersion: 1, type: 'done', exitCode: 70 }]);
    expect(human.stdout).toBe('ao-migrate: unexpected error: injected bug\n');
  });

  it('without --json the summary stays on stdout and only events go to stderr', async () => {
    const { events, stdout, exitCode } = await follow(['--events', 'ndjson', '--dry-run']);
    expect(exitCode).toBe(0);
    expect(stdout).toContain('DRY RUN');
    expect(events.at(-1)).toMatchObject({ type: 'done', exitCode: 0 });
  });
});
