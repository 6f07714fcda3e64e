/**
 * The hand-written fixtures of `ao-migrate/testing` against what the real
 * daemon (npm 0.10.3) creates, so they cannot drift: the v23 fixture is the
 * daemon's own database, table by table; the v12 fixture is upgraded by the
 * daemon into exactly that; the v82 fixture is the daemon's v23 plus only
 * what rewrite-today §2 lists.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRewriteDatabase, insertExistingProject, insertExistingSession, readMigratedTables } from '../../src/testing/rewrite-database.js';
import { announceSkip, createRealDaemonHome, REAL_DAEMON_SKIP, type RealDaemonHome } from './real-daemon.js';
import { readSchemaShape, type TableShape } from './schema-shape.js';

announceSkip('fixture shapes vs the real daemon', REAL_DAEMON_SKIP);

const MIGRATED = ['projects', 'sessions', 'change_log'];

describe.skipIf(REAL_DAEMON_SKIP !== undefined)('the fixtures are the real thing (real daemon, npm 0.10.3)', () => {
  let daemon: RealDaemonHome;
  let scratch: string;
  let real: ReturnType<typeof readSchemaShape>;

  beforeAll(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ao-fixture-shapes-'));
    daemon = await createRealDaemonHome();
    await daemon.start();
    await daemon.stop();
    real = readSchemaShape(daemon.dbPath);
  });
  afterAll(async () => {
    await daemon?.cleanup();
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('the daemon leaves its database at rest, at goose 0…21 and 23', () => {
    expect(fs.readdirSync(daemon.dataDir).filter((name) => name.startsWith('ao.db'))).toEqual(['ao.db']);
    expect(real.goose).toEqual([...Array.from({ length: 22 }, (_, v) => v), 23]);
  });

  it('v23: every table, column, index, CHECK, foreign key, trigger and goose version is the daemon’s', () => {
    const fixture = readSchemaShape(createRewriteDatabase(path.join(scratch, 'v23'), 'v23'));
    expect(fixture.goose).toEqual(real.goose);
    expect(Object.keys(fixture.tables)).toEqual(Object.keys(real.tables));
    for (const table of Object.keys(real.tables)) expect(fixture.tables[table], table).toEqual(real.tables[table]);
  });

  it('v12: the daemon upgrades it to exactly its own v23', async () => {
    const home = await createRealDaemonHome();
    try {
      createRewriteDatabase(home.dataDir, 'v12');
      await home.start();
      await home.stop();
      const upgraded = readSchemaShape(home.dbPath);
      expect(upgraded.goose).toEqual(real.goose);
      for (const table of Object.keys(real.tables)) expect(upgraded.tables[table], table).toEqual(real.tables[table]);
      expect(Object.keys(upgraded.tables)).toEqual(Object.keys(real.tables));
    } finally {
      await home.cleanup();
    }
  });

  it('v82: the daemon’s v23 plus only the columns and CHECK values rewrite-today §2 lists', () => {
    const fixture = readSchemaShape(createRewriteDatabase(path.join(scratch, 'v82'), 'v82'), MIGRATED);
    const withExtras = (shape: TableShape, columns: TableShape['columns'], checks: Record<string, string[]>): TableShape => ({
      ...shape,
      columns: [...shape.columns, ...columns],
      checks: Object.fromEntries(
        Object.entries(shape.checks).map(([column, list]) => [
          column,
          list.map((check) => (check.kind === 'list' && checks[column] ? { ...check, values: [...check.values, ...checks[column]] } : check)),
        ]),
      ),
    });
    const text = (name: string, dflt = "''") => ({ name, type: 'TEXT', notnull: 1, dflt_value: dflt, pk: 0 });
    expect(fixture.tables['projects']).toEqual(withExtras(real.tables['projects']!, [], { kind: ['scratch'] }));
    expect(fixture.tables['sessions']).toEqual(
      withExtras(
        real.tables['sessions']!,
        [
          { name: 'cleanup_generation', type: 'INTEGER', notnull: 1, dflt_value: '0', pk: 0 },
          text('runtime_launch_id'),
          text('workspace_repo_path'),
          { name: 'terminate_on_pr_merge', type: 'BOOLEAN', notnull: 1, dflt_value: 'FALSE', pk: 0 },
          text('diff_base_sha'),
          text('diff_base_ref'),
          text('reviewer_harness'),
          { name: 'is_pinned', type: 'BOOLEAN', notnull: 1, dflt_value: '0', pk: 0 },
          { name: 'pinned_at', type: 'DATETIME', notnull: 0, dflt_value: null, pk: 0 },
          text('session_mode', "'tui'"),
          text('provider_conversation_id'),
          text('controller_generation'),
          text('browser_capability_verifier'),
          text('launched_harnesses', "'[]'"),
        ],
        { harness: ['muse', 'prime-agent', 'fake'] },
      ),
    );
    expect(fixture.tables['change_log']).toEqual(real.tables['change_log']);
  });

  it.each(['v12', 'v23', 'v82'] as const)('%s: the insert trigger logs what the daemon’s logs for the same row', (shape) => {
    const copy = path.join(scratch, `real-copy-${shape}`, 'ao.db');
    fs.mkdirSync(path.dirname(copy), { recursive: true });
    fs.copyFileSync(daemon.dbPath, copy);
    const fixture = createRewriteDatabase(path.join(scratch, `trigger-${shape}`), shape);
    for (const dbPath of [copy, fixture]) {
      insertExistingProject(dbPath, { id: 'p', path: '/p' });
      insertExistingSession(dbPath, { id: 'p-1', project_id: 'p', num: 1, activity_state: 'exited', is_terminated: 1, updated_at: '2026-03-04 05:06:07 +0000 UTC' });
      insertExistingSession(dbPath, { id: 'p-2', project_id: 'p', num: 2, activity_state: 'active', is_terminated: 0 });
    }
    expect(readMigratedTables(fixture).changeLog).toEqual(readMigratedTables(copy).changeLog);
    // And an update the daemon makes when it restores: the update trigger answers alike.
    for (const dbPath of [copy, fixture]) {
      const db = new Database(dbPath);
      db.prepare("UPDATE sessions SET is_terminated = 0, activity_state = 'idle' WHERE id = 'p-1'").run();
      db.close();
    }
    const updates = (dbPath: string) => readMigratedTables(dbPath).changeLog.filter((row) => row.event_type === 'session_updated');
    if (shape === 'v12') expect(updates(fixture).map((row) => JSON.parse(String(row.payload)))).toEqual([{ id: 'p-1', activity: 'idle', isTerminated: false }]);
    else expect(updates(fixture)).toEqual(updates(copy));
  });
});
