import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ProjectRow, SessionRow } from '../../src/core/map/rows.js';
import type { MigrationPlan, PlannedProject, PlannedSession } from '../../src/core/plan/types.js';
import type { TargetOptions } from '../../src/core/database/index.js';
import { MigrationRefusedError } from '../../src/core/errors.js';
import { createRewriteDatabase } from '../../src/testing/rewrite-database.js';

/** A temp home with a legacy root and a rewrite data dir holding a fresh v12 `ao.db`. */
export interface TargetSandbox {
  home: string;
  legacyRoot: string;
  dataDir: string;
  dbPath: string;
  runFile: string;
  options: TargetOptions;
  cleanup(): void;
}

export const FIXED_NOW = new Date('2026-06-20T08:15:30.250Z');

export function makeSandbox(): TargetSandbox {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ao-target-'));
  const legacyRoot = path.join(home, '.agent-orchestrator');
  fs.mkdirSync(legacyRoot, { recursive: true });
  const dataDir = path.join(home, '.ao', 'data');
  const dbPath = createRewriteDatabase(dataDir, 'v12');
  const runFile = path.join(home, '.ao', 'running.json');
  return {
    home,
    legacyRoot,
    dataDir,
    dbPath,
    runFile,
    options: { dataDir, runFile, legacyRoot, homeDir: home, env: {}, now: () => FIXED_NOW },
    cleanup: () => fs.rmSync(home, { recursive: true, force: true }),
  };
}

/** Every file under `dir` with the hash of its bytes: equal snapshots mean nothing was written. */
export function snapshotDir(dir: string): Record<string, string> {
  const snapshot: Record<string, string> = {};
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else snapshot[path.relative(dir, full)] = createHash('sha256').update(fs.readFileSync(full)).digest('hex');
    }
  };
  walk(dir);
  return snapshot;
}

export function projectRow(id: string, projectPath: string, overrides: Partial<ProjectRow> = {}): ProjectRow {
  return {
    id,
    path: projectPath,
    repo_origin_url: `git@github.com:acme/${id}.git`,
    display_name: `${id} display`,
    registered_at: '2026-02-01 10:00:00 +0000 UTC',
    kind: 'single_repo',
    config: JSON.stringify({ sessionPrefix: id.slice(0, 3) }),
    ...overrides,
  };
}

export function sessionRow(id: string, projectId: string, num: number, overrides: Partial<SessionRow> = {}): SessionRow {
  return {
    id,
    project_id: projectId,
    num,
    issue_id: `ISSUE-${num}`,
    kind: 'worker',
    harness: 'claude-code',
    activity_state: 'exited',
    activity_last_at: '2026-06-10 12:00:05.5 +0000 UTC',
    is_terminated: 1,
    branch: `feat/${id}`,
    workspace_path: `/legacy/worktrees/${id}`,
    runtime_handle_id: '',
    agent_session_id: `uuid-${id}`,
    prompt: `work on ${id}`,
    created_at: '2026-06-01 09:00:00.123 +0000 UTC',
    updated_at: '2026-06-10 12:00:05.5 +0000 UTC',
    display_name: `${id} name`,
    first_signal_at: '2026-06-10 12:00:05.5 +0000 UTC',
    ...overrides,
  };
}

export function plannedProject(row: ProjectRow, sessionPrefix = row.id.slice(0, 3)): PlannedProject {
  return { id: row.id, registryPath: '/legacy/config.yaml', action: 'create', row, sessionPrefix, notes: [] };
}

export function plannedSession(row: SessionRow): PlannedSession {
  return {
    id: row.id,
    projectId: row.project_id,
    kind: row.kind,
    harness: row.harness,
    action: 'create',
    row,
    resume: { resumable: true, reasons: [] },
    notes: [],
  };
}

/** A plan for the sandbox around `legacyRoot`: its data dir is the sandbox's `<home>/.ao/data`. */
export function makePlan(legacyRoot: string, projects: PlannedProject[], sessions: PlannedSession[]): MigrationPlan {
  const dataDir = path.join(path.dirname(legacyRoot), '.ao', 'data');
  return { planVersion: 1, mode: 'restorable', legacyRoot, registryPaths: [], dataDir, projects, sessions, problems: [], notes: [] };
}

/** The refusal `run` throws (or rejects with); fails when it goes through. */
export async function refusal(run: () => unknown): Promise<MigrationRefusedError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof MigrationRefusedError) return error;
    throw error;
  }
  throw new Error('expected a refusal, but the run went through');
}
