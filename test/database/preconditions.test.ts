import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RefusalCode } from '../../src/core/errors.js';
import { writeOffline } from '../../src/core/database/index.js';
import {
  makePlan,
  makeSandbox,
  plannedProject,
  plannedSession,
  projectRow,
  refusal,
  sessionRow,
  snapshotDir,
  type TargetSandbox,
} from './target-test-kit.js';

const FAKE_DAEMON = fileURLToPath(new URL('../fixtures/fake-daemon.mjs', import.meta.url));

let box: TargetSandbox;
beforeEach(() => {
  box = makeSandbox();
});
afterEach(() => box.cleanup());

function onePlan() {
  const project = projectRow('app', path.join(box.home, 'src', 'app'));
  return makePlan(box.legacyRoot, [plannedProject(project)], [plannedSession(sessionRow('app-1', 'app', 1))]);
}

/** Refused with `code`, and neither the home (data dir, legacy store) nor anything in it changed. */
async function expectRefusedUnchanged(code: RefusalCode, options: Parameters<typeof writeOffline>[1]) {
  for (const dryRun of [true, false]) {
    const before = snapshotDir(box.home);
    const error = await refusal(() => writeOffline(onePlan(), { ...options, dryRun }));
    expect(error.code).toBe(code);
    expect(snapshotDir(box.home)).toEqual(before);
  }
}

describe('DATA_DIR_SUSPICIOUS', () => {
  it('refuses an AO_DATA_DIR that points at a legacy sessions dir, before looking for a database there', async () => {
    const legacySessions = path.join(box.legacyRoot, 'projects', 'app', 'sessions');
    fs.mkdirSync(legacySessions, { recursive: true });
    const { dataDir: _explicit, ...rest } = box.options;
    const options = { ...rest, env: { AO_DATA_DIR: legacySessions } };
    await expectRefusedUnchanged('DATA_DIR_SUSPICIOUS', options);
    const error = await refusal(() => writeOffline(onePlan(), options));
    expect(error.message).toContain('AO_DATA_DIR');
    expect(error.message).not.toContain('ao start');
  });

  it('refuses a .../projects/<id>/sessions dir outside the legacy root too', async () => {
    const elsewhere = path.join(box.home, 'copy', 'projects', 'app', 'sessions');
    await expectRefusedUnchanged('DATA_DIR_SUSPICIOUS', { ...box.options, dataDir: elsewhere });
  });

  it('refuses a data dir inside the legacy store', async () => {
    await expectRefusedUnchanged('DATA_DIR_SUSPICIOUS', { ...box.options, dataDir: path.join(box.legacyRoot, 'data') });
  });
});

describe('DB_MISSING', () => {
  it('refuses when there is no ao.db, and never creates one', async () => {
    const emptyDataDir = path.join(box.home, 'fresh', 'data');
    fs.mkdirSync(emptyDataDir, { recursive: true });
    await expectRefusedUnchanged('DB_MISSING', { ...box.options, dataDir: emptyDataDir });
    expect(fs.readdirSync(emptyDataDir)).toEqual([]);
    const message = (await refusal(() => writeOffline(onePlan(), { ...box.options, dataDir: emptyDataDir }))).message;
    expect(message).toContain('run `ao daemon` once and stop it with `ao stop`');
    expect(message).toContain('desktop app open it once');
    expect(message).not.toContain('ao start');
  });

  it('uses $AO_DATA_DIR, else ~/.ao/data, when no data dir is given', async () => {
    const { dataDir: _explicit, ...rest } = box.options;
    const elsewhere = path.join(box.home, 'other-data');
    expect((await refusal(() => writeOffline(onePlan(), { ...rest, env: { AO_DATA_DIR: elsewhere } }))).message).toContain(
      path.join(elsewhere, 'ao.db'),
    );
    // The sandbox's db is at <home>/.ao/data/ao.db: found by default.
    expect((await writeOffline(onePlan(), { ...rest, env: {}, dryRun: true })).dbPath).toBe(box.dbPath);
  });
});

describe('DAEMON_RUNNING', () => {
  const daemonAnswer = (pid: number) => async () => ({ service: 'agent-orchestrator-daemon', pid, status: 'ok' });

  it('refuses when the run file names a live pid whose /healthz answers as the daemon with that pid', async () => {
    fs.writeFileSync(box.runFile, JSON.stringify({ pid: process.pid, port: 7777, startedAt: '2026-06-20T08:00:00Z', owner: 'persistent' }));
    const options = { ...box.options, fetchHealth: daemonAnswer(process.pid) };
    await expectRefusedUnchanged('DAEMON_RUNNING', options);
    const { message } = await refusal(() => writeOffline(onePlan(), options));
    expect(message).toContain('ao stop');
    expect(message).toContain('desktop app');
  });

  it('goes ahead when the run file names a dead pid, is not JSON, or is missing', async () => {
    const exited = spawnSync(process.execPath, ['-e', '']);
    fs.writeFileSync(box.runFile, JSON.stringify({ pid: exited.pid, port: 7777, startedAt: '2026-06-20T08:00:00Z' }));
    expect((await writeOffline(onePlan(), { ...box.options, dryRun: true })).sessions[0]?.status).toBe('created');
    fs.writeFileSync(box.runFile, '{"pid": ');
    expect((await writeOffline(onePlan(), { ...box.options, dryRun: true })).sessions[0]?.status).toBe('created');
    fs.rmSync(box.runFile);
    expect((await writeOffline(onePlan(), box.options)).sessions[0]?.status).toBe('created');
  });

  it.each([
    ['nothing answers on its port', async () => undefined],
    ['another program answers', async () => ({ status: 'ok' })],
    ['the daemon answers with another pid', daemonAnswer(4243)],
  ])('calls a live pid a stale run file when %s, and lets the lock probe decide', async (_case, fetchHealth) => {
    fs.writeFileSync(box.runFile, JSON.stringify({ pid: 4242, port: 7777, startedAt: '2026-06-20T08:00:00Z' }));
    const result = await writeOffline(onePlan(), { ...box.options, isPidAlive: (pid) => pid === 4242, fetchHealth });
    expect(result.sessions[0]?.status).toBe('created');
    expect(result.notes.map((note) => note.message).join('\n')).toContain('stale run file');
  });

  it('does not ask /healthz when the pid is dead', async () => {
    fs.writeFileSync(box.runFile, JSON.stringify({ pid: 4242, port: 7777, startedAt: '2026-06-20T08:00:00Z' }));
    const fetchHealth = async () => {
      throw new Error('asked');
    };
    const result = await writeOffline(onePlan(), { ...box.options, dryRun: true, isPidAlive: () => false, fetchHealth });
    expect(result.notes).toEqual([]);
  });
});

describe('DB_IN_USE', () => {
  let daemon: ChildProcess | undefined;
  afterEach(async () => {
    if (daemon && daemon.exitCode === null) {
      const exited = new Promise((resolve) => daemon?.once('exit', resolve));
      daemon.kill('SIGTERM');
      await exited;
    }
    daemon = undefined;
  });

  async function startFakeDaemon(): Promise<void> {
    daemon = spawn(process.execPath, [FAKE_DAEMON, box.dbPath], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      daemon?.stdout?.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('ready')) resolve();
      });
      daemon?.once('exit', (code) => reject(new Error(`fake daemon exited with ${code}`)));
    });
  }

  it('refuses a real run while another process has the database open (no run file), writing nothing', async () => {
    await startFakeDaemon();
    const dbBefore = fs.readFileSync(box.dbPath);
    const listingBefore = fs.readdirSync(box.dataDir).sort();
    const error = await refusal(() => writeOffline(onePlan(), box.options));
    expect(error.code).toBe('DB_IN_USE');
    expect(fs.readFileSync(box.dbPath).equals(dbBefore)).toBe(true);
    expect(fs.readdirSync(box.dataDir).sort()).toEqual(listingBefore);
    expect(listingBefore.some((name) => name.startsWith('ao.db.pre-migrate-'))).toBe(false);
  });

  it('refuses a dry run too, as the real run would, leaving ao.db, its -wal and -shm byte for byte', async () => {
    await startFakeDaemon();
    // The daemon's WAL connection keeps ao.db-wal and ao.db-shm beside the database.
    expect(fs.readdirSync(box.dataDir).sort()).toEqual(['ao.db', 'ao.db-shm', 'ao.db-wal']);
    const before = snapshotDir(box.home);
    expect((await refusal(() => writeOffline(onePlan(), { ...box.options, dryRun: true }))).code).toBe('DB_IN_USE');
    expect(snapshotDir(box.home)).toEqual(before);
  });

  it('refuses a dry run while a plain connection in this very process has the database open', async () => {
    const other = new Database(box.dbPath, { fileMustExist: true });
    try {
      other.prepare('SELECT COUNT(*) FROM sessions').get();
      const before = snapshotDir(box.home);
      expect((await refusal(() => writeOffline(onePlan(), { ...box.options, dryRun: true }))).code).toBe('DB_IN_USE');
      expect(snapshotDir(box.home)).toEqual(before);
    } finally {
      other.close();
    }
  });

  it('goes ahead once the other process has closed the database', async () => {
    await startFakeDaemon();
    const exited = new Promise((resolve) => daemon?.once('exit', resolve));
    daemon?.kill('SIGTERM');
    await exited;
    expect((await writeOffline(onePlan(), box.options)).sessions[0]?.status).toBe('created');
  });
});

describe('SCHEMA_MISMATCH (the shape rules: schema-shape.test.ts)', () => {
  it('refuses a file that is not a SQLite database', async () => {
    fs.writeFileSync(box.dbPath, 'not a database, just text that is long enough to have a header '.repeat(4));
    await expectRefusedUnchanged('SCHEMA_MISMATCH', box.options);
    expect((await refusal(() => writeOffline(onePlan(), box.options))).message).toContain('not a SQLite database');
  });
});

describe('order of the preconditions', () => {
  it('reports the suspicious data dir before the missing database, and the daemon before the schema', async () => {
    const legacySessions = path.join(box.legacyRoot, 'projects', 'app', 'sessions');
    expect((await refusal(() => writeOffline(onePlan(), { ...box.options, dataDir: legacySessions }))).code).toBe(
      'DATA_DIR_SUSPICIOUS',
    );
    const db = new Database(box.dbPath);
    db.exec('DELETE FROM goose_db_version');
    db.close();
    fs.writeFileSync(box.runFile, JSON.stringify({ pid: process.pid, port: 1, startedAt: '2026-06-20T08:00:00Z' }));
    const daemonAnswers = async () => ({ service: 'agent-orchestrator-daemon', pid: process.pid });
    expect((await refusal(() => writeOffline(onePlan(), { ...box.options, fetchHealth: daemonAnswers }))).code).toBe('DAEMON_RUNNING');
  });
});
