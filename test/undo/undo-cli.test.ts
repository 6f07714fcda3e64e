import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claudeProjectSlug } from '../../src/core/claude/project-slug.js';
import { hashTree } from '../../src/testing/hash-tree.js';
import { readMigratedTables } from '../../src/testing/rewrite-database.js';
import { agentStoreContents, makeWorld, startFakeDaemon, UUID_1, UUID_ORCH, writeStandardStore, type World } from '../e2e/world.js';

const APP = 'my-app_3f9c2a1b7d';

let world: World;
let ledger: string;
beforeEach(() => {
  world = makeWorld();
  writeStandardStore(world);
  ledger = path.join(world.dataDir, 'legacy-migration.json');
});
afterEach(() => world.cleanup());

function bucket(sessionId: string): string {
  const worktree = sessionId === 'ma-orchestrator'
    ? path.join(world.dataDir, 'worktrees', APP, 'orchestrator', 'ma-orchestrator')
    : path.join(world.dataDir, 'worktrees', APP, sessionId);
  return path.join(world.claudeDir, 'projects', claudeProjectSlug(worktree));
}

function readLedger() {
  return JSON.parse(fs.readFileSync(ledger, 'utf8'));
}

function undo(args: string[] = []) {
  const result = world.run(['undo', '--json', ...args]);
  return { result, report: JSON.parse(result.stdout) };
}

function statuses(items: { id: string; status: string }[]): Record<string, string> {
  return Object.fromEntries(items.map((item) => [item.id, item.status]));
}

/** Every item of an undo report with its status and reason: what a dry run must predict. */
function items(report: { projects: unknown[]; sessions: unknown[]; transcripts: unknown[]; agentDirectories: unknown[] }) {
  return { projects: report.projects, sessions: report.sessions, transcripts: report.transcripts, agentDirectories: report.agentDirectories };
}

describe('ao-migrate undo (built CLI)', () => {
  it('the ledger records what a real run inserted and copied; a no-op re-run and a dry run add nothing', () => {
    expect(fs.existsSync(ledger)).toBe(false);
    world.run(['--dry-run']);
    expect(fs.existsSync(ledger)).toBe(false);

    const migration = JSON.parse(world.run(['--json']).stdout);
    const { ledgerVersion, runs } = readLedger();
    expect(ledgerVersion).toBe(1);
    expect(runs).toHaveLength(1);
    const [run] = runs;
    expect(run.backupPath).toBe(migration.target.backupPath);
    expect(run.projects.map((p: { id: string }) => p.id)).toEqual([APP, 'tools']);
    expect(run.sessions.map((s: { id: string }) => s.id).sort()).toEqual(['ma-1', 'ma-2', 'ma-orchestrator', 'too-1']);
    const rows = Object.fromEntries(readMigratedTables(world.dbPath).sessions.map((row) => [row.id, row]));
    const legacyWorktrees = Object.fromEntries(migration.sessions.map((s: { id: string; legacyWorktree?: string }) => [s.id, s.legacyWorktree]));
    for (const session of run.sessions) {
      expect(session.legacyWorktree).toEqual(expect.stringContaining(session.id));
      expect(session).toEqual({
        legacyWorktree: legacyWorktrees[session.id],
        id: session.id,
        projectId: rows[session.id]?.project_id,
        num: rows[session.id]?.num,
        updatedAt: rows[session.id]?.updated_at,
        isTerminated: rows[session.id]?.is_terminated,
        activityState: rows[session.id]?.activity_state,
        runtimeHandleId: rows[session.id]?.runtime_handle_id,
      });
    }
    const files = run.transcripts.flatMap((t: { files: { path: string; size: number; sha256: string }[] }) => t.files);
    expect(files.map((f: { path: string }) => f.path)).toEqual([
      path.join(bucket('ma-1'), `${UUID_1}.jsonl`),
      path.join(bucket('ma-orchestrator'), `${UUID_ORCH}.jsonl`),
    ]);
    for (const file of files) {
      const bytes = fs.readFileSync(file.path);
      expect(file).toEqual({ path: file.path, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    }

    expect(world.run([]).status).toBe(0);
    expect(readLedger().runs).toHaveLength(1);
  });

  it('removes exactly what the run inserted and copied, backs up first, marks the run undone; a second undo has nothing to do', () => {
    const pristine = readMigratedTables(world.dbPath);
    const claudeBefore = hashTree(world.claudeDir, { ignoreDirectoryMtimes: true });
    const legacyBefore = hashTree(world.store.root);
    const agentsBefore = agentStoreContents(world);
    expect(world.run([]).status).toBe(0);
    expect(agentStoreContents(world)).not.toEqual(agentsBefore);

    const { result, report } = undo();
    expect(result.status).toBe(0);
    // Codex's copy of ma-2's thread gone, too-1's opencode session back in the legacy worktree.
    expect(report.agentDirectories.map((a: { sessionId: string; status: string }) => [a.sessionId, a.status])).toEqual([
      ['ma-2', 'removed'],
      ['too-1', 'removed'],
    ]);
    expect(agentStoreContents(world)).toEqual(agentsBefore);
    expect(statuses(report.projects)).toEqual({ [APP]: 'removed', tools: 'removed' });
    expect(statuses(report.sessions)).toEqual({ 'ma-1': 'removed', 'ma-2': 'removed', 'ma-orchestrator': 'removed', 'too-1': 'removed' });
    expect(Object.values(statuses(report.transcripts))).toEqual(['removed', 'removed']);
    expect(report.counts.sessions).toEqual({ removed: 4, 'already-gone': 0, refused: 0, failed: 0 });
    expect(report.target.backupPath).toMatch(/ao\.db\.pre-undo-/);
    expect(readMigratedTables(report.target.backupPath).sessions).toHaveLength(4);

    expect(readMigratedTables(world.dbPath)).toEqual(pristine);
    // Copied files gone and the buckets they needed removed again; the sources untouched.
    expect(hashTree(world.claudeDir, { ignoreDirectoryMtimes: true })).toBe(claudeBefore);
    expect(hashTree(world.store.root)).toBe(legacyBefore);
    expect(readLedger().runs[0].undoneAt).toEqual(expect.any(String));

    const again = undo();
    expect(again.result.status).toBe(2);
    expect(again.report.refusal.code).toBe('NO_LEDGER');

    // Migrating again works and is undoable again.
    expect(world.run([]).status).toBe(0);
    expect(readLedger().runs).toHaveLength(2);
    expect(undo().result.status).toBe(0);
    expect(readMigratedTables(world.dbPath)).toEqual(pristine);
  });

  it('--dry-run lists what undo would remove and changes nothing; the real undo then removes exactly those', () => {
    expect(world.run([]).status).toBe(0);
    const migrated = readMigratedTables(world.dbPath);
    const ledgerBefore = fs.readFileSync(ledger, 'utf8');
    const dataBefore = hashTree(world.dataDir, { ignoreDirectoryMtimes: true });
    const claudeBefore = hashTree(world.claudeDir);
    const agentsBefore = [hashTree(path.join(world.home, '.codex')), hashTree(path.join(world.home, '.local'))];

    const dry = undo(['--dry-run']);
    expect(dry.result.status).toBe(0);
    expect(dry.report.dryRun).toBe(true);
    expect(dry.report.target.backupPath).toBeNull();
    // The projects too: their sessions would be gone first, so nothing would still use them.
    expect(statuses(dry.report.projects)).toEqual({ [APP]: 'removed', tools: 'removed' });
    expect(statuses(dry.report.sessions)).toEqual({ 'ma-1': 'removed', 'ma-2': 'removed', 'ma-orchestrator': 'removed', 'too-1': 'removed' });
    expect(statuses(dry.report.transcripts)).toEqual({
      [path.join(bucket('ma-1'), `${UUID_1}.jsonl`)]: 'removed',
      [path.join(bucket('ma-orchestrator'), `${UUID_ORCH}.jsonl`)]: 'removed',
    });
    const human = world.run(['undo', '--dry-run']);
    expect(human.status).toBe(0);
    expect(human.stdout).toContain('DRY RUN');
    expect(human.stdout).toMatch(/sessions\s+4 to remove/);

    expect(dry.report.agentDirectories.map((a: { status: string }) => a.status)).toEqual(['removed', 'removed']);
    // No backup, no -wal/-shm, no ledger change, no row or file removed.
    expect(hashTree(world.dataDir, { ignoreDirectoryMtimes: true })).toBe(dataBefore);
    expect(hashTree(world.claudeDir)).toBe(claudeBefore);
    expect([hashTree(path.join(world.home, '.codex')), hashTree(path.join(world.home, '.local'))]).toEqual(agentsBefore);
    expect(fs.readFileSync(ledger, 'utf8')).toBe(ledgerBefore);
    expect(readMigratedTables(world.dbPath)).toEqual(migrated);

    const real = undo();
    expect(real.result.status).toBe(0);
    expect(real.report.dryRun).toBe(false);
    expect(items(real.report)).toEqual(items(dry.report));
    const after = readMigratedTables(world.dbPath);
    expect([after.projects, after.sessions]).toEqual([[], []]);
    for (const file of Object.keys(statuses(dry.report.transcripts))) expect(fs.existsSync(file)).toBe(false);
  });

  it('keeps what the rewrite changed (a restored session, its appended transcript) unless --force, and says how to restore the backup', () => {
    const migration = JSON.parse(world.run(['--json']).stdout);
    const db = new Database(world.dbPath);
    db.pragma('foreign_keys = ON');
    // As a restore does; the rewrite's update trigger logs it (session_updated).
    db.prepare(
      "UPDATE sessions SET is_terminated = 0, activity_state = 'active', runtime_handle_id = 'tmux:1', updated_at = '2026-07-01 10:00:00 +0000 UTC' WHERE id = 'ma-1'",
    ).run();
    db.close();
    const transcript = path.join(bucket('ma-1'), `${UUID_1}.jsonl`);
    fs.appendFileSync(transcript, '{"type":"assistant","message":"resumed in the rewrite"}\n');

    const preview = undo(['--dry-run']);
    const kept = undo();
    expect(preview.result.status).toBe(1);
    expect(kept.result.status).toBe(1);
    expect(items(preview.report)).toEqual(items(kept.report));
    expect(statuses(kept.report.sessions)).toEqual({ 'ma-1': 'refused', 'ma-2': 'removed', 'ma-orchestrator': 'removed', 'too-1': 'removed' });
    const ma1 = kept.report.sessions.find((s: { id: string }) => s.id === 'ma-1');
    expect(ma1.reason).toMatch(/is_terminated now "0" \(was "1"\).*1 later change_log entry.*--force/);
    expect(statuses(kept.report.projects)).toEqual({ [APP]: 'refused', tools: 'removed' });
    expect(kept.report.projects[0].reason).toMatch(/1 row of sessions/);
    expect(statuses(kept.report.transcripts)).toEqual({
      [transcript]: 'refused',
      [path.join(bucket('ma-orchestrator'), `${UUID_ORCH}.jsonl`)]: 'removed',
    });
    expect(fs.readFileSync(transcript, 'utf8')).toContain('resumed in the rewrite');
    expect(readMigratedTables(world.dbPath).sessions.map((s) => s.id)).toEqual(['ma-1']);
    expect(readLedger().runs[0].undoneAt).toBeUndefined();

    const human = world.run(['undo']);
    expect(human.status).toBe(1);
    expect(human.stdout).toContain(`cp '${migration.target.backupPath}' '${world.dbPath}'`);

    const forced = undo(['--force']);
    expect(forced.result.status).toBe(0);
    expect(statuses(forced.report.sessions)).toEqual({ 'ma-1': 'removed', 'ma-2': 'already-gone', 'ma-orchestrator': 'already-gone', 'too-1': 'already-gone' });
    expect(statuses(forced.report.projects)).toEqual({ [APP]: 'removed', tools: 'already-gone' });
    expect(statuses(forced.report.transcripts)[transcript]).toBe('removed');
    expect(fs.existsSync(transcript)).toBe(false);
    const after = readMigratedTables(world.dbPath);
    expect([after.projects, after.sessions, after.changeLog]).toEqual([[], [], []]);
    expect(readLedger().runs[0].undoneAt).toEqual(expect.any(String));
  });

  it('refuses like a migration while the daemon runs, and without a ledger; removes nothing', async () => {
    world.run([]);
    const before = readMigratedTables(world.dbPath);
    const daemon = await startFakeDaemon(world.dbPath, path.join(world.home, '.ao', 'running.json'));
    try {
      const running = undo();
      expect(running.result.status).toBe(2);
      expect(running.report.refusal.code).toBe('DAEMON_RUNNING');
      expect(undo(['--dry-run']).report.refusal.code).toBe('DAEMON_RUNNING');
    } finally {
      await daemon.stop();
    }
    expect(readMigratedTables(world.dbPath)).toEqual(before);

    fs.rmSync(ledger);
    const human = world.run(['undo']);
    expect(human.status).toBe(2);
    expect(human.stderr).toMatch(/refused \(NO_LEDGER\)/);
    expect(readMigratedTables(world.dbPath)).toEqual(before);
  });
});
