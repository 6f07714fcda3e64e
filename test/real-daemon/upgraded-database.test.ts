/**
 * Issue 10, "done when": `status` and `undo` work on a database the daemon
 * has upgraded. A June 2026 (v12) database is booted once by the real
 * daemon, which upgrades it to 23; then migrate, status and undo run on it,
 * and status also while the daemon runs.
 */
import * as fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorld, writeStandardStore, type World } from '../e2e/world.js';
import { announceSkip, createRealDaemonHome, REAL_DAEMON_SKIP, type RealDaemonHome } from './real-daemon.js';

announceSkip('status and undo on an upgraded database', REAL_DAEMON_SKIP);

const LIVE = ['ma-1', 'ma-2', 'ma-orchestrator', 'too-1'];

describe.skipIf(REAL_DAEMON_SKIP !== undefined)('a June 2026 database after the real daemon (npm 0.10.3) booted on it once', () => {
  let world: World;
  let daemon: RealDaemonHome;

  beforeAll(async () => {
    world = makeWorld({ shape: 'v12' });
    writeStandardStore(world);
    daemon = await createRealDaemonHome({ home: world.home });
    await daemon.start();
    await daemon.stop();
  });
  afterAll(async () => {
    await daemon?.cleanup();
    world?.cleanup();
  });

  it('was upgraded by the daemon to goose 23', () => {
    const db = new Database(world.dbPath);
    const { version } = db.prepare('SELECT MAX(version_id) AS version FROM goose_db_version WHERE is_applied = 1').get() as { version: number };
    db.close();
    expect(version).toBe(23);
  });

  it('migrate, then status, then undo: each accepts it and says what it is; status leaves nothing behind', () => {
    const migrated = world.run(['--json']);
    expect(migrated.status, migrated.stderr).toBe(0);
    expect(JSON.parse(migrated.stdout).target).toMatchObject({ schemaVersion: 23, release: 'npm 0.10.x' });

    const atRest = fs.readdirSync(world.dataDir).sort();
    const status = world.run(['status', '--json']);
    expect(status.status, status.stdout).toBe(0);
    const report = JSON.parse(status.stdout);
    expect(report).toMatchObject({ schemaVersion: 23, release: 'npm 0.10.x' });
    expect(report.sessions.filter((s: { migrated: boolean; resumable: boolean }) => s.migrated && s.resumable).map((s: { id: string }) => s.id).sort()).toEqual(
      [...LIVE].sort(),
    );
    expect(fs.readdirSync(world.dataDir).sort()).toEqual(atRest);
    expect(atRest.filter((name) => name.endsWith('-wal') || name.endsWith('-shm'))).toEqual([]);

    const undone = world.run(['undo', '--json']);
    expect(undone.status, undone.stdout).toBe(0);
    const undo = JSON.parse(undone.stdout);
    expect(undo.target).toMatchObject({ schemaVersion: 23, release: 'npm 0.10.x' });
    expect(undo.counts.sessions).toMatchObject({ removed: LIVE.length, refused: 0, failed: 0 });
  });

  it('status reads it while the daemon runs; undo and the migration refuse to write beside the daemon', async () => {
    expect(world.run(['--json']).status).toBe(0);
    await daemon.start();
    const status = world.run(['status', '--json']);
    expect(JSON.parse(status.stdout)).toMatchObject({ schemaVersion: 23, release: 'npm 0.10.x' });
    expect(status.status).toBe(0);
    expect(JSON.parse(world.run(['undo', '--json']).stdout).refusal.code).toBe('DAEMON_RUNNING');
    expect(JSON.parse(world.run(['--json']).stdout).refusal.code).toBe('DAEMON_RUNNING');
    // And the daemon sees what was migrated.
    expect(daemon.aoJson<{ data: { id: string }[] }>(['session', 'ls', '--all', '--include-terminated']).data.map((s) => s.id).sort()).toEqual([...LIVE].sort());
  });
});
