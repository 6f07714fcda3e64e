import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claudeProjectSlug } from '../../src/core/claude/project-slug.js';
import { hashTree } from '../../src/testing/hash-tree.js';
import { makeWorld, OPENCODE_SESSION, startFakeDaemon, UUID_1, writeStandardStore, type World } from '../e2e/world.js';

const APP = 'my-app_3f9c2a1b7d';
const LIVE = ['ma-1', 'ma-2', 'ma-orchestrator', 'too-1'];

interface SessionStatus {
  id: string;
  projectId: string;
  migrated: boolean;
  resumable: boolean;
  reasons: string[];
  resumeCommand?: string;
  legacyWorktree?: string;
}

let world: World;
beforeEach(() => {
  world = makeWorld();
  writeStandardStore(world);
});
afterEach(() => world.cleanup());

function status(args: string[] = []) {
  const result = world.run(['status', '--json', ...args]);
  const report = JSON.parse(result.stdout);
  const byId: Record<string, SessionStatus> = Object.fromEntries(report.sessions.map((s: SessionStatus) => [s.id, s]));
  return { result, report, byId };
}

/** Migrates (--json) while `store` is held open, as a running agent holds it; returns the run and its report. */
function migrateWhileHeld(store: string, table: string) {
  const agent = new Database(store);
  try {
    agent.prepare(`SELECT count(*) FROM ${table}`).get();
    const result = world.run(['--json']);
    return { result, report: JSON.parse(result.stdout) };
  } finally {
    agent.close();
  }
}

function transcriptDestination(sessionId: string, uuid: string): string {
  return path.join(world.claudeDir, 'projects', claudeProjectSlug(path.join(world.dataDir, 'worktrees', APP, sessionId)), `${uuid}.jsonl`);
}

describe('ao-migrate status (built CLI)', () => {
  it('before migrating: lists every live session as not migrated, writes nothing, exits 1', () => {
    const before = hashTree(world.home, { ignoreDirectoryMtimes: true });
    const { result, report, byId } = status();
    expect(result.status).toBe(1);
    expect(hashTree(world.home, { ignoreDirectoryMtimes: true })).toBe(before);

    expect(report.reportVersion).toBe(1);
    expect(Object.keys(byId).sort()).toEqual([...LIVE].sort()); // the finished ma-3 is not live
    for (const id of LIVE) {
      expect(byId[id]).toMatchObject({ migrated: false, resumable: false });
      expect(byId[id]?.reasons[0]).toMatch(/Not migrated yet/);
      expect(byId[id]?.resumeCommand).toBeUndefined();
    }
    const config = world.store.registryPath;
    expect(report.projects).toEqual([
      { id: APP, config, migrated: false, reasons: [expect.stringMatching(/Not migrated yet/)] },
      { id: 'tools', config, migrated: false, reasons: [expect.stringMatching(/Not migrated yet/)] },
    ]);
    expect(report.problems).toEqual([]);
  });

  it('after migrating: everything migrated and resumable, exits 0; then names a missing transcript and a vanished project path', () => {
    expect(world.run([]).status).toBe(0);
    const after = status();
    expect(after.result.status).toBe(0);
    for (const id of LIVE) {
      expect(after.byId[id]).toEqual({
        id,
        projectId: id === 'too-1' ? 'tools' : APP,
        migrated: true,
        resumable: true,
        reasons: [],
        resumeCommand: `ao session restore ${id}`,
        // The row names the managed worktree; where the session ran is kept here.
        legacyWorktree: id === 'too-1' ? path.join(world.home, '.worktrees', 'tools', 'too-1') : world.legacyWorktree(APP, id),
      });
    }
    expect(after.report.projects.every((p: { migrated: boolean }) => p.migrated)).toBe(true);

    const destination = transcriptDestination('ma-1', UUID_1);
    expect(fs.existsSync(destination)).toBe(true);
    fs.rmSync(destination);
    fs.rmSync(path.join(world.home, 'code', 'tools'), { recursive: true });

    const broken = status();
    expect(broken.result.status).toBe(1);
    expect(broken.byId['ma-1']).toMatchObject({ migrated: true, resumable: false });
    expect(broken.byId['ma-1']?.reasons).toEqual([expect.stringContaining(`Claude transcript is missing or incomplete at ${destination}`)]);
    expect(broken.byId['too-1']?.reasons).toEqual([expect.stringContaining(`${path.join(world.home, 'code', 'tools')} no longer exists`)]);
    expect(broken.byId['ma-2']?.resumable).toBe(true);
    const tools = broken.report.projects.find((p: { id: string }) => p.id === 'tools');
    expect(tools).toEqual({ id: 'tools', config: world.store.registryPath, migrated: true, reasons: [expect.stringContaining('no longer exists')] });
  });

  it('a codex thread not copied while codex held its store: the run and status say what to do, and a re-run once codex quit makes it resumable', () => {
    const { result, report } = migrateWhileHeld(path.join(world.home, '.codex', 'state_5.sqlite'), 'threads');
    expect(result.status).toBe(1);
    expect(report.agentDirectories.find((a: { sessionId: string }) => a.sessionId === 'ma-2')).toMatchObject({
      status: 'failed', reason: expect.stringContaining('quit codex'),
    });
    expect(report.sessions.find((s: { id: string }) => s.id === 'ma-2')).toMatchObject({ status: 'created', resumable: false });

    const before = status();
    expect(before.result.status).toBe(1);
    expect(before.byId['ma-2']).toMatchObject({ migrated: true, resumable: false });
    expect(before.byId['ma-2']?.reasons).toEqual([expect.stringMatching(/copy of its thread .* is not made yet; run ao-migrate again with codex stopped/)]);

    const again = JSON.parse(world.run(['--json']).stdout);
    expect(again.agentDirectories.find((a: { sessionId: string }) => a.sessionId === 'ma-2')).toMatchObject({ status: 'created' });
    expect(status().byId['ma-2']).toMatchObject({ resumable: true, reasons: [], resumeCommand: 'ao session restore ma-2' });
  });

  it('a codex thread index of another shape is left alone: the run goes on, and status says why ma-2 is not resumable', () => {
    const codexHome = path.join(world.home, '.codex');
    const db = new Database(path.join(codexHome, 'state_5.sqlite'));
    db.exec('ALTER TABLE threads RENAME TO threads_v9');
    db.close();
    const before = hashTree(codexHome);
    const run = world.run(['--json']);
    expect(run.status).toBe(0); // skipped, as a thread codex no longer has: not a failure of the run
    const report = JSON.parse(run.stdout);
    const why = expect.stringContaining('has no threads table with the columns id, rollout_path, cwd (lacks id, rollout_path, cwd)');
    expect(report.agentDirectories.find((a: { sessionId: string }) => a.sessionId === 'ma-2')).toMatchObject({ status: 'skipped', reason: why });
    expect(report.sessions.find((s: { id: string }) => s.id === 'ma-2')).toMatchObject({ status: 'created', resumable: false });
    expect(hashTree(codexHome)).toBe(before);

    const { byId } = status();
    expect(byId['ma-2']).toMatchObject({ migrated: true, resumable: false, reasons: [why] });
    for (const id of ['ma-1', 'ma-orchestrator', 'too-1']) expect(byId[id]).toMatchObject({ migrated: true, resumable: true });
  });

  it('an opencode session not relocated while opencode held its database, or set back since: status says what to do, and a re-run makes it resumable', () => {
    const database = path.join(world.home, '.local', 'share', 'opencode', 'opencode.db');
    const managed = path.join(world.dataDir, 'worktrees', 'tools', 'too-1');
    const legacy = path.join(world.home, '.worktrees', 'tools', 'too-1');
    const recorded = () => {
      const db = new Database(database, { readonly: true });
      try {
        return (db.prepare('SELECT directory FROM session WHERE id = ?').get(OPENCODE_SESSION) as { directory: string }).directory;
      } finally {
        db.close();
      }
    };
    const notYet = new RegExp(`^Not resumable in the new worktree: its session for ${managed} is not made yet; run ao-migrate again with opencode stopped`);

    const { result, report } = migrateWhileHeld(database, 'session');
    expect(result.status).toBe(1);
    expect(report.agentDirectories.find((a: { sessionId: string }) => a.sessionId === 'too-1')).toMatchObject({
      status: 'failed', reason: expect.stringContaining('quit every opencode'),
    });
    expect(report.sessions.find((s: { id: string }) => s.id === 'too-1')).toMatchObject({ status: 'created', resumable: false });
    expect(recorded()).toBe(legacy);

    const held = status();
    expect(held.result.status).toBe(1);
    expect(held.byId['too-1']).toMatchObject({ migrated: true, resumable: false });
    expect(held.byId['too-1']?.resumeCommand).toBeUndefined();
    expect(held.byId['too-1']?.reasons).toEqual([expect.stringMatching(notYet)]);

    const again = JSON.parse(world.run(['--json']).stdout);
    expect(again.agentDirectories.find((a: { sessionId: string }) => a.sessionId === 'too-1')).toMatchObject({ status: 'created' });
    expect(recorded()).toBe(managed);
    expect(status().byId['too-1']).toMatchObject({ resumable: true, reasons: [], resumeCommand: 'ao session restore too-1' });

    // Set back to the legacy worktree since (by the user, or an older opencode): not resumable again, until a re-run.
    const db = new Database(database);
    db.prepare('UPDATE session SET directory = ? WHERE id = ?').run(legacy, OPENCODE_SESSION);
    db.close();
    const setBack = status();
    expect(setBack.result.status).toBe(1);
    expect(setBack.byId['too-1']).toMatchObject({ migrated: true, resumable: false, reasons: [expect.stringMatching(notYet)] });
    expect(world.run([]).status).toBe(0);
    expect(recorded()).toBe(managed);
    expect(status().byId['too-1']).toMatchObject({ resumable: true, reasons: [] });
  });

  it('says when the rewrite holds a session as live (restored already, or migrated with --mode live)', () => {
    expect(world.run([]).status).toBe(0);
    const db = new Database(world.dbPath);
    db.prepare("UPDATE sessions SET is_terminated = 0, activity_state = 'active' WHERE id = 'ma-2'").run();
    db.close();
    const { byId } = status();
    expect(byId['ma-2']).toMatchObject({ migrated: true, resumable: false });
    expect(byId['ma-2']?.reasons).toEqual([expect.stringContaining('is_terminated = 0')]);
  });

  it('a session whose row has another identity is not migrated, with the conflict as the reason', () => {
    expect(world.run([]).status).toBe(0);
    const db = new Database(world.dbPath);
    db.prepare("UPDATE sessions SET branch = 'other' WHERE id = 'ma-2'").run();
    db.close();
    const { byId } = status();
    expect(byId['ma-2']).toMatchObject({ migrated: false, resumable: false });
    expect(byId['ma-2']?.reasons[0]).toMatch(/^Not migrated: .*another identity.*branch "other"/);
  });

  it('reads while the rewrite runs, and the human view lists the resume lines', async () => {
    expect(world.run([]).status).toBe(0);
    const daemon = await startFakeDaemon(world.dbPath);
    try {
      const { result, byId } = status();
      expect(result.status).toBe(0);
      expect(byId['ma-1']?.resumable).toBe(true);
      const human = world.run(['status']);
      expect(human.status).toBe(0);
      expect(human.stdout).toContain('ao session restore ma-1');
      expect(human.stdout).toContain('4 live sessions in the legacy store: 4 resumable');
    } finally {
      await daemon.stop();
    }
  });

  it('refuses without a database: exit 2, the refusal in the JSON object', () => {
    fs.rmSync(world.dbPath);
    const result = world.run(['status', '--json']);
    expect(result.status).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({ reportVersion: 1, projects: [], sessions: [], refusal: { code: 'DB_MISSING' } });
    expect(fs.existsSync(world.dbPath)).toBe(false);
  });
});
