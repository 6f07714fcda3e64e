import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { SessionRow } from '../../src/core/map/rows.js';
import type { MigrationPlan, PlannedProject, PlannedSession } from '../../src/core/plan/types.js';

export function makeTempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'ao-migrate-claude-'));
}

export function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * A planned claude-code session to create, its row naming the worker's
 * managed worktree under `dataDir` (the transcript's destination); override
 * what the test is about.
 */
export function claudeSession(overrides: Partial<PlannedSession> & Pick<PlannedSession, 'id'>, dataDir = '/ao-data'): PlannedSession {
  const projectId = overrides.projectId ?? 'app';
  return {
    projectId,
    kind: 'worker',
    harness: 'claude-code',
    action: 'create',
    row: managedRow(overrides.id, projectId, path.join(dataDir, 'worktrees', projectId, overrides.id)),
    resume: { resumable: true, reasons: [] },
    notes: [],
    ...overrides,
  };
}

/** A session row; only `workspace_path` (the managed worktree) matters to relocation. */
export function managedRow(id: string, projectId: string, workspacePath: string): SessionRow {
  return {
    id,
    project_id: projectId,
    num: 1,
    issue_id: '',
    kind: 'worker',
    harness: 'claude-code',
    activity_state: 'exited',
    activity_last_at: '2026-06-10 12:00:00 +0000 UTC',
    is_terminated: 1,
    branch: `feat/${id}`,
    workspace_path: workspacePath,
    runtime_handle_id: '',
    agent_session_id: '',
    prompt: '',
    created_at: '2026-06-01 09:00:00 +0000 UTC',
    updated_at: '2026-06-10 12:00:00 +0000 UTC',
    display_name: '',
    first_signal_at: '2026-06-10 12:00:00 +0000 UTC',
  };
}

export function plannedProject(id: string, sessionPrefix: string): PlannedProject {
  return { id, registryPath: '/legacy/config.yaml', action: 'create', sessionPrefix, notes: [] };
}

export function planOf(sessions: PlannedSession[], projects: PlannedProject[] = [plannedProject('app', 'app')]): MigrationPlan {
  return {
    planVersion: 1,
    mode: 'restorable',
    legacyRoot: '/legacy',
    registryPaths: [],
    dataDir: '/ao-data',
    problems: [],
    projects,
    sessions,
    notes: [],
  };
}

/** Writes `content` at `file` (creating parents) and gives it a fixed, old mtime. */
export function writeFile(file: string, content: string | Uint8Array, mtime = new Date('2024-03-01T10:00:00Z')): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
  fs.utimesSync(file, mtime, mtime);
}

export function sha256OfFile(file: string): string {
  const hash = createHash('sha256');
  const buffer = Buffer.alloc(1024 * 1024);
  const fd = fs.openSync(file, 'r');
  try {
    for (;;) {
      const read = fs.readSync(fd, buffer, 0, buffer.length, null);
      if (read === 0) break;
      hash.update(buffer.subarray(0, read));
    }
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

/**
 * Every entry under `root` with its type, mode, mtime and (files) content
 * hash, without following symlinks: equal snapshots before and after prove
 * nothing was written, renamed, created or deleted there.
 */
export function snapshotTree(root: string): Record<string, string> {
  const result: Record<string, string> = {};
  const visit = (absolute: string, relative: string) => {
    const stats = fs.lstatSync(absolute);
    const common = `${stats.mode}:${stats.mtimeMs}`;
    if (stats.isSymbolicLink()) {
      result[relative] = `link:${fs.readlinkSync(absolute)}`;
    } else if (stats.isDirectory()) {
      result[relative] = `dir:${common}`;
      for (const name of fs.readdirSync(absolute)) visit(path.join(absolute, name), path.join(relative, name));
    } else {
      result[relative] = `file:${common}:${sha256OfFile(absolute)}`;
    }
  };
  visit(root, '.');
  return result;
}

/** Every file under `root` whose name marks it as an ao-migrate temp copy. */
export function leftoverTemps(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  return (fs.readdirSync(root, { recursive: true }) as string[]).filter((name) => name.includes('.ao-migrate-tmp-'));
}
