/**
 * The tables the migration writes (`projects`, `sessions`, `change_log`),
 * their indexes and the session triggers, as DDL written for this project
 * from `rewrite-v12.md` §2 and `rewrite-today.md` §2. The CHECK lists are
 * parameters: later releases widen them.
 */

/**
 * The `sessions.harness` CHECK list of v12 and npm 0.10.x, in the schema's
 * order (24 values). Written out again rather than imported from
 * `core/map/harness.ts` on purpose: the fixture stands for the daemon, so a
 * wrong list in the mapper must fail here.
 */
export const V12_HARNESSES = [
  '',
  'claude-code',
  'codex',
  'aider',
  'opencode',
  'grok',
  'droid',
  'amp',
  'agy',
  'crush',
  'cursor',
  'qwen',
  'copilot',
  'goose',
  'auggie',
  'continue',
  'devin',
  'cline',
  'kimi',
  'kiro',
  'kilocode',
  'vibe',
  'pi',
  'autohand',
] as const;

export const V12_PROJECT_KINDS = ['single_repo', 'workspace'] as const;

const CHANGE_LOG_EVENTS = [
  'session_created',
  'session_updated',
  'pr_created',
  'pr_updated',
  'pr_check_recorded',
  'pr_session_changed',
  'pr_review_thread_added',
  'pr_review_thread_resolved',
] as const;

const sqlList = (values: readonly string[]) => values.map((value) => `'${value}'`).join(', ');

const OF_SESSION = { project: 'NEW.project_id', session: 'NEW.id' };

/** A JSON true/false from a 0/1 column. */
export const JSON_BOOLEAN = (column: string) => `CASE WHEN ${column} THEN json('true') ELSE json('false') END`;

/** The rewrite's change-data-capture pattern: a trigger that logs one `change_log` row. */
export function cdcTrigger(
  name: string,
  on: string,
  row: { project: string; session: string; event: string; payload: string; at: string },
): string {
  return `
CREATE TRIGGER ${name} ${on}
BEGIN
  INSERT INTO change_log (project_id, session_id, event_type, payload, created_at)
  VALUES (${row.project}, ${row.session}, '${row.event}', ${row.payload}, ${row.at});
END;
`;
}

/** `projects`, `sessions` (with v12's columns), `change_log`, their indexes and the insert trigger. */
export function migratedTablesDdl(checks: { harnesses: readonly string[]; projectKinds: readonly string[] }): string {
  return (
    `
CREATE TABLE projects (
  id TEXT PRIMARY KEY,
  path TEXT NOT NULL,
  repo_origin_url TEXT NOT NULL DEFAULT '',
  display_name TEXT NOT NULL DEFAULT '',
  registered_at TIMESTAMP NOT NULL,
  archived_at TIMESTAMP,
  config TEXT,
  kind TEXT NOT NULL DEFAULT 'single_repo' CHECK (kind IN (${sqlList(checks.projectKinds)}))
);

CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects (id),
  num INTEGER NOT NULL,
  issue_id TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL DEFAULT 'worker' CHECK (kind IN ('worker', 'orchestrator')),
  harness TEXT NOT NULL DEFAULT '' CHECK (harness IN (${sqlList(checks.harnesses)})),
  activity_state TEXT NOT NULL DEFAULT 'idle'
    CHECK (activity_state IN ('active', 'idle', 'waiting_input', 'blocked', 'exited')),
  activity_last_at TIMESTAMP NOT NULL,
  is_terminated BOOLEAN NOT NULL DEFAULT FALSE,
  branch TEXT NOT NULL DEFAULT '',
  workspace_path TEXT NOT NULL DEFAULT '',
  runtime_handle_id TEXT NOT NULL DEFAULT '',
  agent_session_id TEXT NOT NULL DEFAULT '',
  prompt TEXT NOT NULL DEFAULT '',
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL,
  display_name TEXT NOT NULL DEFAULT '',
  first_signal_at TIMESTAMP,
  UNIQUE (project_id, num)
);

CREATE INDEX idx_sessions_project ON sessions (project_id);

CREATE TABLE change_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id TEXT NOT NULL REFERENCES projects (id),
  session_id TEXT REFERENCES sessions (id),
  event_type TEXT NOT NULL CHECK (event_type IN (${sqlList(CHANGE_LOG_EVENTS)})),
  payload TEXT NOT NULL CHECK (json_valid(payload)),
  created_at TIMESTAMP NOT NULL DEFAULT (datetime('now'))
);

CREATE INDEX idx_change_log_project ON change_log (project_id, seq);

` +
    cdcTrigger('sessions_cdc_insert', 'AFTER INSERT ON sessions', {
      ...OF_SESSION,
      event: 'session_created',
      payload: `json_object('id', NEW.id, 'activity', NEW.activity_state, 'isTerminated', ${JSON_BOOLEAN('NEW.is_terminated')})`,
      at: 'NEW.updated_at',
    })
  );
}

/**
 * The update trigger: logs `session_updated` when the activity, the
 * termination or the first signal changes, or one of `extraWatched` (later
 * releases watch their preview columns, and add them to the payload as
 * `extraPayload`'s `[key, column]` pairs).
 */
export function sessionsUpdateTriggerDdl(extraWatched: readonly string[], extraPayload: readonly [string, string][]): string {
  const watched = extraWatched.map((column) => ` OR OLD.${column} <> NEW.${column}`).join('');
  const payload = extraPayload.map(([key, column]) => `, '${key}', NEW.${column}`).join('');
  return cdcTrigger(
    'sessions_cdc_update',
    'AFTER UPDATE ON sessions WHEN OLD.activity_state <> NEW.activity_state OR OLD.is_terminated <> NEW.is_terminated ' +
      `OR (OLD.first_signal_at IS NULL AND NEW.first_signal_at IS NOT NULL)${watched}`,
    {
      ...OF_SESSION,
      event: 'session_updated',
      payload: `json_object('id', NEW.id, 'activity', NEW.activity_state, 'isTerminated', ${JSON_BOOLEAN('NEW.is_terminated')}${payload})`,
      at: 'NEW.updated_at',
    },
  );
}
