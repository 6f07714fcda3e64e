import { z } from 'zod';
import type { SqliteDatabase } from './sqlite-driver.js';

/** What reconciliation needs to know of a project already in the rewrite's database. */
export interface ExistingProject {
  id: string;
  path: string;
  /** `projects.config` JSON text, as stored. */
  config: string | null;
}

/** A session's identity (migration-rules §5) and its num, as stored. */
export interface ExistingSession {
  id: string;
  projectId: string;
  num: number;
  /** Raw text; any layout the daemon reads (or garbage, which then never matches). */
  createdAt: string | null;
  branch: string;
  agentSessionId: string;
  /** `is_terminated = 0`: the rewrite holds it live (restored already, or migrated with --mode live). */
  live: boolean;
}

export interface TargetState {
  projects: ExistingProject[];
  sessions: ExistingSession[];
}

// SQLite columns are dynamically typed: take what is there, coerce text once.
const text = z.unknown().transform((value) => (value === null || value === undefined ? null : String(value)));

const ProjectRows = z.array(
  z.object({ id: z.string(), path: text.transform((v) => v ?? ''), config: text }),
);
const SessionRows = z.array(
  z
    .object({
      id: z.string(),
      project_id: text.transform((v) => v ?? ''),
      num: z.number().int(),
      created_at: text,
      branch: text.transform((v) => v ?? ''),
      agent_session_id: text.transform((v) => v ?? ''),
      is_terminated: z.unknown(),
    })
    .transform((row) => ({
      id: row.id,
      projectId: row.project_id,
      num: row.num,
      createdAt: row.created_at,
      branch: row.branch,
      agentSessionId: row.agent_session_id,
      live: !isSqliteTrue(row.is_terminated),
    })),
);

/** A BOOLEAN column's value: SQLite stores 0/1, other writers may have left `true`/`false` text. */
export function isSqliteTrue(value: unknown): boolean {
  return value === 1 || value === 1n || value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

export function readTargetState(db: SqliteDatabase): TargetState {
  return {
    projects: ProjectRows.parse(db.prepare('SELECT id, path, config FROM projects').all()),
    sessions: SessionRows.parse(
      db.prepare('SELECT id, project_id, num, created_at, branch, agent_session_id, is_terminated FROM sessions').all(),
    ),
  };
}
