import type { ProjectRow, SessionRow } from '../map/rows.js';
import type { SqliteDatabase } from './sqlite-driver.js';

const PROJECT_COLUMNS = [
  'id',
  'path',
  'repo_origin_url',
  'display_name',
  'registered_at',
  'kind',
  'config',
] as const satisfies readonly (keyof ProjectRow)[];

const SESSION_COLUMNS = [
  'id',
  'project_id',
  'num',
  'issue_id',
  'kind',
  'harness',
  'activity_state',
  'activity_last_at',
  'is_terminated',
  'branch',
  'workspace_path',
  'runtime_handle_id',
  'agent_session_id',
  'prompt',
  'created_at',
  'updated_at',
  'display_name',
  'first_signal_at',
] as const satisfies readonly (keyof SessionRow)[];

/** Statements that write every column of a row exactly as the plan holds it (no column left to a default). */
export function prepareInserts(db: SqliteDatabase): {
  project(row: ProjectRow): void;
  session(row: SessionRow): void;
} {
  const project = db.prepare(insertSql('projects', PROJECT_COLUMNS));
  const session = db.prepare(insertSql('sessions', SESSION_COLUMNS));
  return {
    project: (row) => void project.run(PROJECT_COLUMNS.map((column) => row[column])),
    session: (row) => void session.run(SESSION_COLUMNS.map((column) => row[column])),
  };
}

/** Positional parameters: binding an array is cheaper than looking up named ones, for every row of a large store. */
function insertSql(table: string, columns: readonly string[]): string {
  return `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`;
}
