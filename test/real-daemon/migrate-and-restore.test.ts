/**
 * Issue 10, item 4: the whole way a user of npm 0.10.3 goes, against the
 * real daemon. The daemon creates its database and is stopped; a legacy
 * store with real git worktrees and Claude transcripts is migrated by the
 * built CLI; `release-worktrees --yes` frees the branches; the daemon starts
 * again and lists, shows and restores what the migration reported. Asserts
 * what the daemon and its agents do, not the rows ao-migrate wrote.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claudeProjectSlug } from '../../src/core/claude/project-slug.js';
import { copyThreadId } from '../../src/core/agent-directory/codex/copy-thread-id.js';
import { CODEX_THREAD, makeWorld, OPENCODE_SESSION, UUID_1, UUID_ORCH, writeStandardStore, type World } from '../e2e/world.js';
import { addWorktree, currentBranch, initRepo } from '../worktrees/git-fixture.js';
import { announceSkip, createRealDaemonHome, REAL_DAEMON_SKIP, TMUX_SKIP, type AgentCall, type RealDaemonHome } from './real-daemon.js';

announceSkip('migrate and restore with the real daemon', REAL_DAEMON_SKIP);
announceSkip('restore with the real daemon', REAL_DAEMON_SKIP ?? TMUX_SKIP);

const APP = 'my-app_3f9c2a1b7d';

/** The standard store's live sessions: what each is, as the legacy store says. */
const LEGACY = {
  'ma-1': { project: APP, kind: 'worker', harness: 'claude-code', agent: 'claude', agentId: UUID_1, branch: 'feat/login', createdAt: '2026-06-10T09:15:02.123Z' },
  'ma-2': { project: APP, kind: 'worker', harness: 'codex', agent: 'codex', agentId: CODEX_THREAD, branch: 'feat/api', createdAt: '2026-06-12T08:00:00Z' },
  'ma-orchestrator': { project: APP, kind: 'orchestrator', harness: 'claude-code', agent: 'claude', agentId: UUID_ORCH, branch: 'orchestrator/ma', createdAt: '2026-06-01T07:00:00Z' },
  'too-1': { project: 'tools', kind: 'worker', harness: 'opencode', agent: 'opencode', agentId: OPENCODE_SESSION, branch: 'chore/lint', createdAt: '2026-03-02T10:00:00Z' },
} as const;
type SessionId = keyof typeof LEGACY;

interface ListedSession {
  id: string;
  projectId: string;
  role: string;
  harness: string;
  isTerminated: boolean;
  createdAt: string;
}

describe.skipIf(REAL_DAEMON_SKIP !== undefined)('legacy store → ao-migrate → the real daemon (npm 0.10.3)', () => {
  let world: World;
  let daemon: RealDaemonHome;
  let legacyRunning: { status: number | null; code?: string; message?: string; unchanged?: boolean } | undefined;
  let migration: { status: number | null; report: { target: Record<string, unknown>; sessions: { id: string; status: string }[]; projects: { id: string; status: string }[] } };
  /** The built CLI, seeing the tmux server the daemon uses, as a user's would. */
  const aoMigrate = (args: string[]) => world.run(args, { TMUX_TMPDIR: daemon.env.TMUX_TMPDIR });

  beforeAll(async () => {
    world = makeWorld({ database: false });
    daemon = await createRealDaemonHome({ home: world.home });

    // A user of npm 0.10.x: `ao daemon` once creates the database, `ao stop` stops it.
    await daemon.start();
    await daemon.stop();

    writeStandardStore(world);
    // Real repositories, and every session's legacy worktree a real `git worktree add` holding its branch.
    const repos = { [APP]: path.join(world.home, 'code', 'my-app'), tools: path.join(world.home, 'code', 'tools') };
    for (const repo of Object.values(repos)) initRepo(repo);
    for (const [id, session] of Object.entries(LEGACY)) {
      const worktree = id === 'too-1' ? path.join(world.home, '.worktrees', 'tools', 'too-1') : world.legacyWorktree(APP, id);
      addWorktree(repos[session.project], worktree, session.branch);
    }

    // Issue 16: the legacy agent of ma-1 still running on the user's tmux server (the one the daemon
    // restores into) blocks the run, which names it; once it is stopped, the run migrates, and the
    // restore test below restores ma-1 there.
    if (TMUX_SKIP === undefined) {
      const tmux = (...args: string[]) => spawnSync('tmux', args, { env: daemon.env, stdio: 'ignore' }).status;
      expect(tmux('new-session', '-d', '-s', 'ma-1', 'sleep 600')).toBe(0);
      const dbBefore = fs.readFileSync(path.join(world.dataDir, 'ao.db'));
      const refused = aoMigrate(['--json']);
      legacyRunning = { status: refused.status, code: JSON.parse(refused.stdout).refusal?.code, message: JSON.parse(refused.stdout).refusal?.message };
      legacyRunning.unchanged = fs.readFileSync(path.join(world.dataDir, 'ao.db')).equals(dbBefore);
      expect(tmux('kill-session', '-t', '=ma-1')).toBe(0);
    }

    const run = aoMigrate(['--json']);
    migration = { status: run.status, report: JSON.parse(run.stdout) };
    expect(aoMigrate(['release-worktrees', '--yes']).status).toBe(0);
    await daemon.start();
  });
  afterAll(async () => {
    await daemon?.cleanup();
    world?.cleanup();
  });

  it('the daemon left its database at rest, and the migration took it as npm 0.10.x’s', () => {
    expect(migration.status).toBe(0);
    expect(migration.report.target).toMatchObject({ dbPath: path.join(world.dataDir, 'ao.db'), schemaVersion: 23, release: 'npm 0.10.x' });
    expect(migration.report.projects.map((p) => [p.id, p.status])).toEqual([
      [APP, 'created'],
      ['tools', 'created'],
    ]);
    const created = migration.report.sessions.filter((s) => s.status === 'created').map((s) => s.id);
    expect(created.sort()).toEqual(Object.keys(LEGACY).sort());
  });

  it('lists every migrated project, with its path and origin', () => {
    const listed = daemon.aoJson<{ projects: { id: string; kind: string }[] }>(['project', 'ls']).projects;
    expect(listed.map((p) => [p.id, p.kind]).sort()).toEqual([
      [APP, 'single_repo'],
      ['tools', 'single_repo'],
    ]);
    const app = daemon.aoJson<{ project: { path: string; repo: string; config: { sessionPrefix: string } } }>(['project', 'get', APP]).project;
    expect(app).toMatchObject({ path: path.join(world.home, 'code', 'my-app'), repo: 'git@github.com:alice/my-app.git', config: { sessionPrefix: 'ma' } });
  });

  it('lists every migrated session as terminated, orchestrator included, and shows each one', () => {
    const listed = daemon.aoJson<{ data: ListedSession[] }>(['session', 'ls', '--all', '--include-terminated']).data;
    expect(listed.map((s) => s.id).sort()).toEqual(Object.keys(LEGACY).sort());
    for (const [id, legacy] of Object.entries(LEGACY)) {
      expect(listed.find((s) => s.id === id), id).toMatchObject({
        projectId: legacy.project,
        role: legacy.kind,
        harness: legacy.harness,
        isTerminated: true,
        createdAt: legacy.createdAt,
      });
      const shown = daemon.aoJson<{ session: Record<string, unknown> }>(['session', 'get', id]).session;
      expect(shown, id).toMatchObject({ id, projectId: legacy.project, kind: legacy.kind, harness: legacy.harness, isTerminated: true, status: 'terminated' });
    }
  });

  it('`ao-migrate status --json` reads the database while the daemon runs, creating nothing in the data dir', () => {
    expect(daemon.running()).toBe(true);
    const before = fs.readdirSync(world.dataDir).sort();
    const result = aoMigrate(['status', '--json']);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ schemaVersion: 23, release: 'npm 0.10.x' });
    expect(report.refusal).toBeUndefined();
    expect(report.notes.map((n: { message: string }) => n.message).join('\n')).toMatch(/Read while another process has the database open/);
    expect(report.sessions.map((s: { id: string; migrated: boolean }) => [s.id, s.migrated]).sort()).toEqual(Object.keys(LEGACY).sort().map((id) => [id, true]));
    expect(fs.readdirSync(world.dataDir).sort()).toEqual(before);
  });

  describe.skipIf(TMUX_SKIP !== undefined)('restore', () => {
    it('refused while the legacy agent of ma-1 still ran in tmux, naming it, and wrote nothing', () => {
      expect(legacyRunning).toMatchObject({ status: 2, code: 'LEGACY_RUNNING', unchanged: true });
      expect(legacyRunning?.message).toContain('ma-1 (tmux session ma-1)');
      expect(legacyRunning?.message).toContain('tmux kill-session -t ma-1');
    });

    it('restores every session status calls resumable: the agent resumes its own conversation in the managed worktree', () => {
      const status = JSON.parse(aoMigrate(['status', '--json']).stdout) as { sessions: { id: SessionId; resumable: boolean }[] };
      const resumable = status.sessions.filter((s) => s.resumable).map((s) => s.id);
      // One of each agent at least (the resume rules may hold back a second orchestrator, never these).
      expect(resumable).toEqual(expect.arrayContaining(['ma-1', 'ma-2', 'too-1']));

      for (const id of resumable) {
        const legacy = LEGACY[id];
        const before = daemon.agentCalls().length;
        const restored = daemon.ao(['session', 'restore', id]);
        expect(restored.status, `${id}: ${restored.stderr}${restored.stdout}`).toBe(0);

        const call = waitForCall(daemon, before, legacy.agent);
        expect(call, `${id}: the daemon started ${legacy.agent}`).toBeDefined();
        const { cwd, argv } = call as AgentCall;
        // The agent got the session's own id: claude --resume <id>, opencode --session <id>; codex resume … <the
        // copy of the thread for this worktree>, and the agents' own stores place that session in the cwd it got.
        if (legacy.agent === 'claude') expect(argv[argv.indexOf('--resume') + 1], id).toBe(legacy.agentId);
        if (legacy.agent === 'codex') {
          const copy = copyThreadId(legacy.agentId, cwd);
          expect([argv[0], argv.at(-1)], id).toEqual(['resume', copy]);
          expect(storedDirectory(path.join(world.home, '.codex', 'state_5.sqlite'), 'SELECT cwd AS d FROM threads WHERE id = ?', copy), id).toBe(cwd);
        }
        if (legacy.agent === 'opencode') {
          expect(argv, id).toEqual(['--session', legacy.agentId]);
          const opencodeDb = path.join(world.home, '.local', 'share', 'opencode', 'opencode.db');
          expect(storedDirectory(opencodeDb, 'SELECT directory AS d FROM session WHERE id = ?', legacy.agentId), id).toBe(cwd);
        }
        // …in the daemon's managed worktree of the session, on its branch.
        expect(cwd.startsWith(path.join(fs.realpathSync(world.dataDir), 'worktrees', legacy.project) + path.sep), `${id}: ${cwd}`).toBe(true);
        expect(currentBranch(cwd), id).toBe(legacy.branch);
        if (id === 'ma-1') expect(cwd).toBe(path.join(fs.realpathSync(world.dataDir), 'worktrees', APP, 'ma-1'));
        // …where Claude Code looks for the conversation: the relocated transcript is in the bucket of that cwd.
        if (legacy.agent === 'claude') {
          expect(fs.existsSync(path.join(world.claudeDir, 'projects', claudeProjectSlug(cwd), `${legacy.agentId}.jsonl`)), id).toBe(true);
        }
        expect(daemon.aoJson<{ session: { isTerminated: boolean } }>(['session', 'get', id]).session.isTerminated, id).toBe(false);
      }
    });

    it('`ao spawn` works in each migrated project: its worker agent, in a new managed worktree, codex with approvals kept', () => {
      for (const [project, agent] of [[APP, 'claude'], ['tools', 'codex']] as const) {
        const before = daemon.agentCalls().length;
        const spawned = daemon.ao(['spawn', '--project', project, '--prompt', 'check the build']);
        expect(spawned.status, `${project}: ${spawned.stderr}${spawned.stdout}`).toBe(0);
        const call = waitForCall(daemon, before, agent);
        expect(call, `${project}: the daemon started ${agent}`).toBeDefined();
        const { cwd, argv } = call as AgentCall;
        expect(cwd.startsWith(path.join(fs.realpathSync(world.dataDir), 'worktrees', project) + path.sep), `${project}: ${cwd}`).toBe(true);
        // The legacy codex ran with its sandbox and approvals: the migrated project asks before acting, too.
        if (agent === 'codex') {
          expect(argv.join(' ')).toContain('--ask-for-approval on-request');
          expect(argv).not.toContain('--dangerously-bypass-approvals-and-sandbox');
        }
      }
    });
  });
});

function storedDirectory(file: string, query: string, id: string): unknown {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(query).get(id) as { d: unknown } | undefined)?.d;
  } finally {
    db.close();
  }
}

/** The first call of `agent` after the first `after` calls, other than a readiness probe; the daemon starts agents in tmux, so it may take a moment. */
function waitForCall(daemon: RealDaemonHome, after: number, agent: string): AgentCall | undefined {
  const probe = (call: AgentCall) => ['auth status', 'login status', 'auth list'].includes(call.argv.join(' '));
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const call = daemon.agentCalls().slice(after).find((c) => c.agent === agent && !probe(c));
    if (call !== undefined) return call;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  }
  return undefined;
}
