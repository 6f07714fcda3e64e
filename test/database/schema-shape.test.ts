/**
 * The shape check that replaced the version guard (issue 10): every
 * database a release ships is accepted whatever its goose numbers, and a
 * database that breaks one rule is refused with a message naming the
 * difference, writing nothing. One refusal per rule.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeOffline } from '../../src/core/database/index.js';
import { openDatabaseForReading } from '../../src/core/status/open-database-for-reading.js';
import { undoLastRun } from '../../src/core/undo/undo-last-run.js';
import { readMigratedTables, type RewriteShape } from '../../src/testing/rewrite-database.js';
import { rewriteShapeDdl, rewriteShapeGooseVersions } from '../../src/testing/rewrite-schema/shapes.js';
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

let box: TargetSandbox;
beforeEach(() => {
  box = makeSandbox();
});
afterEach(() => box.cleanup());

/** A claude-code worker and a codex orchestrator in one project: restorable rows. */
function plan() {
  const project = projectRow('app', path.join(box.home, 'src', 'app'));
  const worker = sessionRow('app-1', 'app', 1);
  const orchestrator = sessionRow('app-orchestrator', 'app', 0, { kind: 'orchestrator', harness: 'codex' });
  return makePlan(box.legacyRoot, [plannedProject(project)], [plannedSession(worker), plannedSession(orchestrator)]);
}

let variants = 0;
/** A database in `shape` whose DDL went through `edit` first; `versions` replaces goose's rows. Returns the run options for it. */
function variant(shape: RewriteShape, edit: (ddl: string) => string = (ddl) => ddl, versions = rewriteShapeGooseVersions(shape)) {
  variants += 1;
  const dataDir = path.join(box.home, `variant-${variants}`);
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, 'ao.db'));
  db.pragma('journal_mode = WAL');
  db.exec(edit(rewriteShapeDdl(shape)));
  const insert = db.prepare('INSERT INTO goose_db_version (version_id, is_applied) VALUES (?, 1)');
  for (const version of versions) insert.run(version);
  db.close();
  return { ...box.options, dataDir };
}

/** Runs `sql` on the variant's database; returns the options unchanged. */
function altered(options: ReturnType<typeof variant>, sql: string) {
  const db = new Database(path.join(options.dataDir, 'ao.db'));
  db.exec(sql);
  db.close();
  return options;
}

function replaced(from: string | RegExp, to: string) {
  return (ddl: string) => {
    const edited = ddl.replace(from, to);
    if (edited === ddl) throw new Error(`the DDL has no ${String(from)}`);
    return edited;
  };
}

/** Refused SCHEMA_MISMATCH in a dry run and a real run, nothing written; returns the message. */
async function expectUnfit(options: ReturnType<typeof variant>): Promise<string> {
  let message = '';
  for (const dryRun of [true, false]) {
    const before = snapshotDir(box.home);
    const error = await refusal(() => writeOffline(plan(), { ...options, dryRun }));
    expect(error.code).toBe('SCHEMA_MISMATCH');
    expect(snapshotDir(box.home)).toEqual(before);
    message = error.message;
  }
  expect(message).toContain(path.join(options.dataDir, 'ao.db'));
  return message;
}

const upTo = (n: number) => Array.from({ length: n + 1 }, (_, v) => v);

describe('accepted: every database a release ships', () => {
  it.each<[RewriteShape, number, string]>([
    ['v12', 12, 'June 2026 build'],
    ['v23', 23, 'npm 0.10.x'],
    ['v82', 82, 'desktop'],
  ])('%s: migrates, reporting schema %i (%s), and inserts only v12’s columns', async (shape, version, release) => {
    const options = variant(shape);
    expect(await writeOffline(plan(), { ...options, dryRun: true })).toMatchObject({ schemaVersion: version, release });
    const result = await writeOffline(plan(), options);
    expect(result).toMatchObject({ schemaVersion: version, release });
    expect(result.sessions.map((s) => s.status)).toEqual(['created', 'created']);
    const { sessions } = readMigratedTables(path.join(options.dataDir, 'ao.db'));
    // The later releases' columns took their defaults.
    if (shape !== 'v12') expect(sessions[0]).toMatchObject({ preview_url: '', preview_revision: 0 });
    if (shape === 'v82') expect(sessions[0]).toMatchObject({ session_mode: 'tui', is_pinned: 0, pinned_at: null, launched_harnesses: '[]' });
  });

  it('whatever else goose recorded: holes above 12, stray 40–51, 47 with holes', async () => {
    const cases: [number[], number, string][] = [
      [[...upTo(21), 23, ...upTo(51).slice(40)], 51, 'desktop'],
      [upTo(47).filter((v) => v !== 22 && v !== 45 && v !== 46), 47, 'desktop'],
      [upTo(19), 19, 'June 2026 build'],
      [[...upTo(12), 90], 90, 'unknown'],
    ];
    for (const [versions, version, release] of cases) {
      const result = await writeOffline(plan(), { ...variant('v23', undefined, versions), dryRun: true });
      expect(result, versions.join(',')).toMatchObject({ schemaVersion: version, release });
    }
  });

  it('a unique index on (num, project_id) in place of the UNIQUE constraint', async () => {
    const options = variant('v23', (ddl) =>
      replaced(/,\s*UNIQUE \(project_id, num\)/, '')(ddl) + 'CREATE UNIQUE INDEX sessions_by_num ON sessions (num, project_id);',
    );
    expect((await writeOffline(plan(), options)).sessions.map((s) => s.status)).toEqual(['created', 'created']);
  });

  it('CHECK lists written across lines, in extra parentheses, with comments', async () => {
    const options = variant('v23', (ddl) =>
      replaced("'autohand')),", "'autohand'\n    )\n  )),")(
        replaced('CHECK (harness IN (', "\n    -- the agent (it''s checked)\n    CHECK (\n      (harness IN (/* legacy */\n")(ddl),
      ),
    );
    expect((await writeOffline(plan(), { ...options, dryRun: true })).sessions.map((s) => s.status)).toEqual(['created', 'created']);
  });
});

describe('refused: one case per rule (SCHEMA_MISMATCH, nothing written)', () => {
  it('goose lacks a version of 0…12: made before June 2026', async () => {
    expect(await expectUnfit(variant('v12', undefined, upTo(11)))).toMatch(/lacks applied version 12 \(found 0…11\).*Start a current rewrite once/);
    expect(await expectUnfit(variant('v23', undefined, [...upTo(21), 23].filter((v) => v !== 6)))).toContain('lacks applied version 6 (found 0…5, 7…21, 23)');
  });

  it('an unapplied row does not count as applied', async () => {
    expect(await expectUnfit(altered(variant('v12'), 'UPDATE goose_db_version SET is_applied = 0 WHERE version_id = 7'))).toContain('lacks applied version 7');
  });

  it('no goose_db_version table: not the rewrite’s', async () => {
    expect(await expectUnfit(altered(variant('v23'), 'DROP TABLE goose_db_version'))).toMatch(/no goose_db_version table.*Move it aside/);
  });

  it('a v12 column is missing', async () => {
    expect(await expectUnfit(variant('v23', replaced('  first_signal_at TIMESTAMP,\n', '')))).toContain('sessions has no column first_signal_at');
  });

  it('a v12 column has another type', async () => {
    expect(await expectUnfit(variant('v23', replaced('num INTEGER NOT NULL', 'num TEXT NOT NULL')))).toContain('sessions.num is TEXT, not INTEGER');
  });

  it('a v12 column differs in NOT NULL', async () => {
    expect(await expectUnfit(variant('v23', replaced("branch TEXT NOT NULL DEFAULT ''", "branch TEXT DEFAULT ''")))).toContain(
      'sessions.branch is nullable, not NOT NULL',
    );
  });

  it('a v12 column has another default', async () => {
    expect(await expectUnfit(variant('v23', replaced("repo_origin_url TEXT NOT NULL DEFAULT ''", "repo_origin_url TEXT NOT NULL DEFAULT 'none'")))).toContain(
      "projects.repo_origin_url defaults to 'none', not ''",
    );
  });

  it('a v12 column is not the primary key', async () => {
    expect(await expectUnfit(variant('v23', replaced('CREATE TABLE projects (\n  id TEXT PRIMARY KEY,', 'CREATE TABLE projects (\n  id TEXT,')))).toContain(
      'projects.id is not the primary key',
    );
  });

  it('another column is NOT NULL without a default', async () => {
    const message = await expectUnfit(variant('v82', replaced("session_mode TEXT NOT NULL DEFAULT 'tui'", 'session_mode TEXT NOT NULL DEFAULT NULL')));
    expect(message).toContain("sessions.session_mode is NOT NULL without a default, so a row naming only v12's columns cannot be inserted");
  });

  it('the harness CHECK does not allow a harness this run writes', async () => {
    const options = variant('v23', replaced("'claude-code', 'codex', ", "'claude-code', "));
    expect(await expectUnfit(options)).toMatch(/the CHECK on sessions\.harness does not allow 'codex', which this run writes \(it allows '', 'claude-code', 'aider'/);
    // Reading and removing rows writes no harness: status and undo open it.
    const status = await openDatabaseForReading(box.legacyRoot, options);
    expect(status.schema).toEqual({ version: 23, release: 'npm 0.10.x' });
    status.close();
    expect((await refusal(() => undoLastRun(box.legacyRoot, options))).code).toBe('NO_LEDGER');
  });

  it('the sessions kind and activity CHECKs, projects.kind and change_log.event_type', async () => {
    expect(await expectUnfit(variant('v23', replaced("CHECK (kind IN ('worker', 'orchestrator'))", "CHECK (kind IN ('worker'))")))).toContain(
      "the CHECK on sessions.kind does not allow 'orchestrator'",
    );
    expect(await expectUnfit(variant('v23', replaced("'blocked', 'exited'", "'blocked'")))).toContain("the CHECK on sessions.activity_state does not allow 'exited'");
    expect(await expectUnfit(variant('v23', replaced("CHECK (kind IN ('single_repo', 'workspace'))", "CHECK (kind IN ('workspace'))")))).toContain(
      "the CHECK on projects.kind does not allow 'single_repo'",
    );
    expect(await expectUnfit(variant('v23', replaced("event_type IN ('session_created', ", 'event_type IN (')))).toContain(
      "the CHECK on change_log.event_type does not allow 'session_created'",
    );
  });

  it('a CHECK on a written column that is not a plain list', async () => {
    const options = variant('v23', replaced('CHECK (harness IN (', "CHECK (harness = 'x' OR harness IN ("));
    expect(await expectUnfit(options)).toMatch(/sessions\.harness has a CHECK ao-migrate cannot read, CHECK \(harness = 'x' OR harness IN \(.*\), and this run writes 'claude-code', 'codex' there/);
  });

  it('the insert trigger is missing', async () => {
    expect(await expectUnfit(variant('v23', (ddl) => `${ddl}DROP TRIGGER sessions_cdc_insert;`))).toContain('there is no trigger sessions_cdc_insert on sessions');
  });

  it('UNIQUE (project_id, num) is missing, or only partial', async () => {
    expect(await expectUnfit(variant('v23', replaced(/,\s*UNIQUE \(project_id, num\)/, '')))).toContain('sessions has no UNIQUE (project_id, num)');
    const partial = variant('v23', (ddl) =>
      replaced(/,\s*UNIQUE \(project_id, num\)/, '')(ddl) + "CREATE UNIQUE INDEX live_nums ON sessions (project_id, num) WHERE is_terminated = 0;",
    );
    expect(await expectUnfit(partial)).toContain('sessions has no UNIQUE (project_id, num)');
  });

  it('names every difference at once, and says what to do', async () => {
    const message = await expectUnfit(variant('v23', (ddl) => replaced('num INTEGER NOT NULL', 'num TEXT NOT NULL')(ddl) + 'DROP TRIGGER sessions_cdc_insert;'));
    expect(message).toMatch(/sessions\.num is TEXT, not INTEGER; there is no trigger sessions_cdc_insert/);
    expect(message).toContain('`ao daemon`');
    expect(message).toContain('report the difference');
  });
});
