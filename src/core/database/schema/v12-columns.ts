/**
 * The columns the migration writes, as schema v12 declares them
 * (rewrite-v12 §2). Every release since keeps them unchanged
 * (rewrite-today §2), so the rows ao-migrate inserts name exactly these.
 * `defaultValue` is the declared default as SQLite reports it
 * (`PRAGMA table_xinfo`), `null` for none.
 */
export interface V12Column {
  name: string;
  type: string;
  notNull: boolean;
  defaultValue: string | null;
  primaryKey?: true;
}

const column = (name: string, type: string, notNull: boolean, defaultValue: string | null = null): V12Column => ({
  name,
  type,
  notNull,
  defaultValue,
});

export const V12_COLUMNS = {
  projects: [
    { ...column('id', 'TEXT', false), primaryKey: true },
    column('path', 'TEXT', true),
    column('repo_origin_url', 'TEXT', true, "''"),
    column('display_name', 'TEXT', true, "''"),
    column('registered_at', 'TIMESTAMP', true),
    column('archived_at', 'TIMESTAMP', false),
    column('config', 'TEXT', false),
    column('kind', 'TEXT', true, "'single_repo'"),
  ],
  sessions: [
    { ...column('id', 'TEXT', false), primaryKey: true },
    column('project_id', 'TEXT', true),
    column('num', 'INTEGER', true),
    column('issue_id', 'TEXT', true, "''"),
    column('kind', 'TEXT', true, "'worker'"),
    column('harness', 'TEXT', true, "''"),
    column('activity_state', 'TEXT', true, "'idle'"),
    column('activity_last_at', 'TIMESTAMP', true),
    column('is_terminated', 'BOOLEAN', true, 'FALSE'),
    column('branch', 'TEXT', true, "''"),
    column('workspace_path', 'TEXT', true, "''"),
    column('runtime_handle_id', 'TEXT', true, "''"),
    column('agent_session_id', 'TEXT', true, "''"),
    column('prompt', 'TEXT', true, "''"),
    column('created_at', 'TIMESTAMP', true),
    column('updated_at', 'TIMESTAMP', true),
    column('display_name', 'TEXT', true, "''"),
    column('first_signal_at', 'TIMESTAMP', false),
  ],
} as const satisfies Record<'projects' | 'sessions', readonly V12Column[]>;
