import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashTree } from '../../src/testing/hash-tree.js';
import { createRewriteDatabase, readMigratedTables } from '../../src/testing/rewrite-database.js';
import { parseDaemonTime } from '../../src/core/time/daemon-time.js';

/**
 * Issue 12: a store written by legacy 0.2.x's own library
 * (`@composio/ao-core@0.2.0` and its claude-code and worktree plugins; see
 * `test/fixtures/legacy-02x/build-store.mjs`): three configs (the shared
 * `~/.agent-orchestrator.yaml`, one inside a repo, one at
 * `~/.config/agent-orchestrator/config.yaml`), two projects with the prefix
 * `wa`, Claude sessions without recorded ids and several transcripts in
 * their buckets, orchestrators in the project checkouts, the legacy's
 * untracked `.claude/` files in every worktree. The CLI runs with only HOME
 * (and PATH) set, as a user who never upgraded the legacy tool would run it.
 */

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');
const BUILDER = path.join(REPO_ROOT, 'test', 'fixtures', 'legacy-02x', 'build-store.mjs');

interface Built {
  home: string;
  configs: { global: string; local: string; xdg: string };
  checkouts: Record<string, string>;
  userOwnTranscript: string;
  /** `<projectId>/<legacy id>` → what 0.2.x recorded. */
  sessions: Record<string, { projectId: string; id: string; worktree: string; branch: string; createdAt?: string }>;
  /** `<projectId>/<legacy id>` → the stem of the transcript 0.2.x would resume (the newest, not agent-*). */
  claude: Record<string, string>;
}

/** The columns of a session row this test reads. */
interface Row {
  id: string;
  project_id: string;
  kind: string;
  harness: string;
  branch: string;
  agent_session_id: string;
  is_terminated: number;
  created_at: string;
  updated_at: string;
}

interface SessionReport {
  id: string;
  legacyId?: string;
  projectId: string;
  harness: string;
  status: string;
  resumable: boolean;
  resumeBlockers: string[];
}

let built: Built;
let dbPath: string;
let dataDir: string;
let before: { store: string; sourceBuckets: string };

function run(args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    env: { HOME: built.home, PATH: process.env.PATH },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, json: () => JSON.parse(result.stdout) };
}

/** Claude Code's bucket for a directory (its rule: every character outside [a-zA-Z0-9] becomes `-`). */
function bucketOf(dir: string): string {
  return path.join(built.home, '.claude', 'projects', dir.replace(/[^a-zA-Z0-9]/g, '-'));
}

/** Every source bucket: the buckets of the legacy worktrees and checkouts. */
function sourceBuckets(): string {
  const dirs = new Set([...Object.values(built.sessions).map((s) => s.worktree), ...Object.values(built.checkouts)]);
  return [...dirs].sort().map((dir) => (fs.existsSync(bucketOf(dir)) ? hashTree(bucketOf(dir)) : '-')).join(',');
}

const branchOf = (dir: string) =>
  execFileSync('git', ['-C', dir, 'rev-parse', '--abbrev-ref', 'HEAD'], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: built.home } }).trim();

/** Every file under `dir` (relative path → content). */
function filesUnder(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files[path.relative(dir, full)] = fs.readFileSync(full, 'utf8');
  }
  return files;
}

/** The session prefixes 0.2.x's config generator gave the projects (WebApp and web-admin share one). */
const PREFIXES: Record<string, string> = { webapp: 'wa', 'web-admin': 'wa', 'docs-site': 'ds', datapipeline: 'dp' };

/** A key of a 0.2.x session file, in the store dir whose name ends with `dirSuffix`. */
function sessionField(dirSuffix: string, sessionId: string, key: string): string {
  const root = path.join(built.home, '.agent-orchestrator');
  const dir = fs.readdirSync(root).find((name) => name.endsWith(dirSuffix)) ?? '';
  return new RegExp(`^${key}=(.*)$`, 'm').exec(fs.readFileSync(path.join(root, dir, 'sessions', sessionId), 'utf8'))?.[1] ?? '';
}

/** The report's session for a legacy session, by project and legacy id. */
function reported(sessions: SessionReport[], key: string): SessionReport | undefined {
  const [projectId, legacyId] = key.split('/');
  return sessions.find((s) => s.projectId === projectId && (s.legacyId ?? s.id) === legacyId);
}

beforeAll(() => {
  const home = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ao-migrate-02x-')));
  // Stub agents first on PATH: building the store must run none of them.
  const bin = path.join(home, 'stub-bin');
  fs.mkdirSync(bin);
  for (const name of ['claude', 'gh', 'opencode']) {
    fs.writeFileSync(path.join(bin, name), `#!/bin/sh\necho "${name} $*" >> "${path.join(home, 'stub-calls.log')}"\nexit 1\n`, { mode: 0o755 });
  }
  const output = execFileSync(process.execPath, [BUILDER], {
    encoding: 'utf8',
    env: {
      HOME: home,
      PATH: `${bin}${path.delimiter}${process.env.PATH}`,
      GIT_CONFIG_NOSYSTEM: '1',
      GIT_AUTHOR_NAME: 'dev',
      GIT_AUTHOR_EMAIL: 'dev@example.com',
      GIT_COMMITTER_NAME: 'dev',
      GIT_COMMITTER_EMAIL: 'dev@example.com',
    },
  });
  built = JSON.parse(output) as Built;
  expect(fs.existsSync(path.join(home, 'stub-calls.log'))).toBe(false);
  dataDir = path.join(home, '.ao', 'data');
  dbPath = createRewriteDatabase(dataDir, 'v23');
  before = { store: hashTree(path.join(home, '.agent-orchestrator')), sourceBuckets: sourceBuckets() };
}, 120_000);

afterAll(() => {
  if (built !== undefined) fs.rmSync(built.home, { recursive: true, force: true });
});

describe('a legacy 0.2.x store, with no --config and only HOME set', () => {
  it('migrates every live session of every config, each Claude session with its newest transcript', () => {
    const result = run(['--json']);
    expect(result.status, result.stderr).toBe(0);
    const report = result.json();
    expect(report.problems).toEqual([]);

    // Every project, each named with the config it came from.
    expect(Object.fromEntries(report.projects.map((p: { id: string; config: string; status: string }) => [p.id, [p.config, p.status]]))).toEqual({
      webapp: [built.configs.global, 'created'],
      'docs-site': [built.configs.global, 'created'],
      'web-admin': [built.configs.local, 'created'],
      datapipeline: [built.configs.xdg, 'created'],
    });

    // Every live session is in, under its own project; the merged wa-3 of webapp is not.
    const sessions: SessionReport[] = report.sessions;
    for (const key of Object.keys(built.sessions)) {
      expect(reported(sessions, key), key).toMatchObject({ status: 'created' });
    }
    expect(reported(sessions, 'webapp/wa-3')).toMatchObject({ status: 'skipped', reason: 'terminal: status merged' });

    // Namesakes of two projects are both there: web-admin's keep their legacy ids beside new free ones.
    const ids = sessions.filter((s) => s.status === 'created').map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const legacyId of ['wa-1', 'wa-2', 'wa-orchestrator']) {
      const webapp = reported(sessions, `webapp/${legacyId}`);
      const admin = reported(sessions, `web-admin/${legacyId}`);
      expect(webapp?.id).toBe(legacyId);
      expect(admin?.legacyId).toBe(legacyId);
      expect(admin?.id).toMatch(legacyId === 'wa-orchestrator' ? /^wa-orchestrator-\d+$/ : /^wa-\d+$/);
      expect(report.notes).toContainEqual(
        expect.objectContaining({ id: admin?.id, message: expect.stringContaining(`Was ${legacyId} in legacy; that id belongs to project 'webapp'`) }),
      );
    }

    // The rows: each Claude session resumes the transcript 0.2.x would have resumed, never the user's own.
    const rows = new Map(readMigratedTables(dbPath).sessions.map((row) => [String(row.id), row as unknown as Row]));
    for (const [key, uuid] of Object.entries(built.claude)) {
      const session = reported(sessions, key);
      const row = rows.get(session?.id ?? '');
      expect(row, key).toMatchObject({ project_id: built.sessions[key]?.projectId, harness: 'claude-code', agent_session_id: uuid, is_terminated: 1 });
    }
    expect([...rows.values()].map((row) => row.agent_session_id)).not.toContain(built.userOwnTranscript);
    // 0.2.x ran the orchestrators in the checkouts on main: restored, they get a branch of their own.
    for (const key of ['webapp/wa-orchestrator', 'web-admin/wa-orchestrator']) {
      const id = reported(sessions, key)?.id ?? '';
      expect(rows.get(id)?.branch, key).toBe(`ao/${id}/root`);
    }

    // Each transcript, with its companion dir, is where the rewrite resumes it: the bucket of the managed path.
    const physicalData = fs.realpathSync(dataDir);
    for (const [key, uuid] of Object.entries(built.claude)) {
      const session = reported(sessions, key);
      const row = rows.get(session?.id ?? '');
      const managed =
        row?.kind === 'orchestrator'
          ? path.join(physicalData, 'worktrees', row.project_id, 'orchestrator', `${PREFIXES[row.project_id]}-orchestrator`)
          : path.join(physicalData, 'worktrees', row?.project_id ?? '', row?.id ?? '');
      const source = path.join(bucketOf(built.sessions[key]?.worktree ?? ''), `${uuid}.jsonl`);
      const destination = path.join(bucketOf(managed), `${uuid}.jsonl`);
      expect(report.transcripts).toContainEqual(expect.objectContaining({ sessionId: session?.id, uuid, source, destination, status: 'created' }));
      expect(fs.readFileSync(destination)).toEqual(fs.readFileSync(source));
      if (fs.existsSync(path.join(path.dirname(source), uuid))) {
        expect(filesUnder(path.join(path.dirname(destination), uuid))).toEqual(filesUnder(path.join(path.dirname(source), uuid)));
      }
    }
    // Each inference is said, naming the other candidates; the orchestrators' say they counted only what came after them.
    const inferred = report.notes.filter((n: { message: string }) => n.message.includes('No claudeSessionUuid is recorded'));
    expect(inferred).toHaveLength(Object.keys(built.claude).length);
    const webappOrchestrator = inferred.find((n: { id: string }) => n.id === 'wa-orchestrator');
    expect(webappOrchestrator.message).toMatch(/other candidates there: \S+.*Only transcripts written after the session started/);
    expect(webappOrchestrator.message).not.toContain(built.userOwnTranscript);

    // updated_at: wa-2 was restored by 0.2.x, web-admin's wa-3 escalated after its last write.
    const restored = rows.get('wa-2');
    const restoredAt = sessionField('-WebApp', 'wa-2', 'restoredAt');
    expect(parseDaemonTime(restored?.updated_at ?? '')?.getTime()).toBeGreaterThanOrEqual(Date.parse(restoredAt));
    expect(parseDaemonTime(restored?.created_at ?? '')?.getTime()).toBe(Date.parse(built.sessions['webapp/wa-2']?.createdAt ?? ''));
    const escalatedAt = sessionField('-web-admin', 'wa-3', 'escalatedAt');
    expect(parseDaemonTime(rows.get('wa-3')?.updated_at ?? '')?.getTime()).toBe(Date.parse(escalatedAt));

    // The ledger keeps the legacy id beside the new one.
    const ledger = JSON.parse(fs.readFileSync(path.join(dataDir, 'legacy-migration.json'), 'utf8'));
    const admin1 = reported(sessions, 'web-admin/wa-1');
    expect(ledger.runs[0].sessions).toContainEqual(expect.objectContaining({ id: admin1?.id, legacyId: 'wa-1', projectId: 'web-admin' }));
  });

  it('release-worktrees --yes frees every worktree but never a project checkout; then every Claude session resumes', () => {
    const checkoutBranches = Object.fromEntries(Object.entries(built.checkouts).map(([id, dir]) => [id, branchOf(dir)]));
    const result = run(['release-worktrees', '--yes', '--json']);
    const items: { sessionId: string; worktree: string; status: string; reason?: string }[] = result.json().worktrees;
    // The opencode session that ran in the docs.site checkout holds its branch there: refused, with what to do.
    expect(items.filter((w) => w.status !== 'released')).toEqual([
      expect.objectContaining({ sessionId: 'ds-2', worktree: built.checkouts['docs-site'], status: 'refused', reason: expect.stringContaining("project's own checkout") }),
    ]);
    expect(result.status).toBe(1);
    for (const key of Object.keys(built.claude).filter((k) => !k.endsWith('-orchestrator'))) {
      const worktree = built.sessions[key]?.worktree ?? '';
      expect(items.find((w) => w.worktree === worktree)?.status, key).toBe('released');
      expect(branchOf(worktree)).toBe('HEAD');
      expect(fs.existsSync(path.join(worktree, '.claude', 'settings.json'))).toBe(true); // the legacy's untracked files stay
    }
    // No project checkout is detached or switched.
    expect(Object.fromEntries(Object.entries(built.checkouts).map(([id, dir]) => [id, branchOf(dir)]))).toEqual(checkoutBranches);
    expect(Object.values(checkoutBranches)).not.toContain('HEAD');

    const status = run(['status', '--json']);
    const report = status.json();
    expect(report.problems).toEqual([]);
    const sessions: (SessionReport & { migrated: boolean; reasons: string[] })[] = report.sessions;
    for (const key of Object.keys(built.claude)) {
      expect(reported(sessions, key), key).toMatchObject({ migrated: true, resumable: true, reasons: [] });
    }
    expect(reported(sessions, 'docs-site/ds-2')).toMatchObject({ migrated: true, resumable: false });
    expect(status.status).toBe(1); // ds-2 waits for its user to switch the checkout
  });

  it('a re-run changes nothing', () => {
    const database = readMigratedTables(dbPath);
    const ledger = fs.readFileSync(path.join(dataDir, 'legacy-migration.json'), 'utf8');
    const claudeDir = hashTree(path.join(built.home, '.claude'));
    const result = run(['--json']);
    expect(result.status, result.stderr).toBe(0);
    const counts = result.json().counts;
    expect(counts.projects.created + counts.sessions.created + counts.transcripts.created).toBe(0);
    expect(counts.sessions['already-present']).toBe(Object.keys(built.sessions).length);
    expect(readMigratedTables(dbPath)).toEqual(database);
    expect(fs.readFileSync(path.join(dataDir, 'legacy-migration.json'), 'utf8')).toBe(ledger);
    expect(hashTree(path.join(built.home, '.claude'))).toBe(claudeDir);
  });

  it('a store dir whose config cannot be found is not reported as done; naming every config with --config is', () => {
    const moved = `${built.configs.xdg}.moved`;
    fs.renameSync(built.configs.xdg, moved);
    try {
      const dryRun = run(['--dry-run', '--json']);
      expect(dryRun.status).toBe(1);
      const [problem, ...others] = dryRun.json().problems;
      expect(others).toEqual([]);
      expect(problem).toMatchObject({ kind: 'orphaned-store-dir', path: expect.stringMatching(/-DataPipeline$/) });
      expect(problem.message).toContain(`its .origin names ${built.configs.xdg}, which no longer exists: restore that file, or pass`);
      expect(problem.message).toContain('--config');
      expect(run(['--dry-run']).stdout).toMatch(/Problems[\s\S]*-DataPipeline holds 1 live session \(dp-1\)/);
      expect(run(['status', '--json']).status).toBe(1);

      const named = run(['--dry-run', '--json', '--config', built.configs.global, '--config', built.configs.local, '--config', moved]);
      expect(named.json().problems).toEqual([]);
      expect(named.status).toBe(0);
      expect(named.json().counts.sessions['already-present']).toBe(Object.keys(built.sessions).length);
    } finally {
      fs.renameSync(moved, built.configs.xdg);
    }
  });

  it('never wrote anything of the legacy store or the source transcripts', () => {
    expect(hashTree(path.join(built.home, '.agent-orchestrator'))).toBe(before.store);
    expect(sourceBuckets()).toBe(before.sourceBuckets);
  });
});
