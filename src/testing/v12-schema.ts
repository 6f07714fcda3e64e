/**
 * The rewrite's schema v12 as DDL written for this project from
 * `rewrite-v12.md` §2–§3: the tables the migration writes reproduce the spec
 * exactly (columns, defaults, CHECK lists, UNIQUE, foreign keys, index,
 * trigger). The other v12 tables are present in a plausible minimal form so
 * that the database looks like the daemon's; the migration never writes them.
 */

/**
 * The `sessions.harness` CHECK list, in the spec's order (24 values). Written
 * out again rather than imported from `core/map/harness.ts` on purpose: the
 * fixture stands for the daemon, so a wrong list in the mapper must fail here.
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

/** The tables the migration writes, their index and the CDC trigger. */
export const V12_MIGRATED_TABLES_DDL = `
CREATE TABLE projects (
  id TEXT PRIMARY KEY,
  path TEXT NOT NULL,
  repo_origin_url TEXT NOT NULL DEFAULT '',
  display_name TEXT NOT NULL DEFAULT '',
  registered_at TIMESTAMP NOT NULL,
  archived_at TIMESTAMP,
  config TEXT,
  kind TEXT NOT NULL DEFAULT 'single_repo' CHECK (kind IN ('single_repo', 'workspace'))
);

CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  project_id TEXT NOT NULL REFERENCES projects(id),
  num INTEGER NOT NULL,
  issue_id TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL DEFAULT 'worker' CHECK (kind IN ('worker', 'orchestrator')),
  harness TEXT NOT NULL DEFAULT '' CHECK (harness IN (${sqlList(V12_HARNESSES)})),
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

CREATE INDEX idx_sessions_project ON sessions(project_id);

CREATE TABLE change_log (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id TEXT NOT NULL REFERENCES projects(id),
  session_id TEXT REFERENCES sessions(id),
  event_type TEXT NOT NULL CHECK (event_type IN (${sqlList(CHANGE_LOG_EVENTS)})),
  payload TEXT NOT NULL CHECK (json_valid(payload)),
  created_at TIMESTAMP NOT NULL DEFAULT (datetime('now'))
);

CREATE INDEX idx_change_log_project_seq ON change_log(project_id, seq);

CREATE TRIGGER sessions_cdc_insert AFTER INSERT ON sessions
BEGIN
  INSERT INTO change_log (project_id, session_id, event_type, payload, created_at)
  VALUES (
    NEW.project_id,
    NEW.id,
    'session_created',
    json_object(
      'id', NEW.id,
      'activity', NEW.activity_state,
      'isTerminated', CASE WHEN NEW.is_terminated THEN json('true') ELSE json('false') END
    ),
    NEW.updated_at
  );
END;
`;

/**
 * The v12 tables the migration never touches (spec §2 names them without
 * columns): minimal shapes, so a fixture database has every table a real one
 * has and a test can check that they stay empty.
 */
export const V12_OTHER_TABLES_DDL = `
CREATE TABLE pr (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id TEXT NOT NULL REFERENCES projects(id),
  session_id TEXT REFERENCES sessions(id),
  number INTEGER NOT NULL,
  url TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL DEFAULT '',
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL
);
CREATE TABLE pr_checks (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  pr_id INTEGER NOT NULL REFERENCES pr(id),
  name TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT '',
  recorded_at TIMESTAMP NOT NULL
);
CREATE TABLE pr_comment (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  pr_id INTEGER NOT NULL REFERENCES pr(id),
  body TEXT NOT NULL DEFAULT '',
  created_at TIMESTAMP NOT NULL
);
CREATE TABLE pr_review_threads (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  pr_id INTEGER NOT NULL REFERENCES pr(id),
  resolved BOOLEAN NOT NULL DEFAULT FALSE,
  created_at TIMESTAMP NOT NULL
);
CREATE TABLE workspace_repos (
  project_id TEXT NOT NULL REFERENCES projects(id),
  path TEXT NOT NULL,
  PRIMARY KEY (project_id, path)
);
CREATE TABLE session_worktrees (
  session_id TEXT NOT NULL REFERENCES sessions(id),
  path TEXT NOT NULL,
  PRIMARY KEY (session_id, path)
);
CREATE TABLE notifications (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  project_id TEXT REFERENCES projects(id),
  session_id TEXT REFERENCES sessions(id),
  message TEXT NOT NULL DEFAULT '',
  created_at TIMESTAMP NOT NULL
);
CREATE TABLE review (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id TEXT NOT NULL REFERENCES sessions(id),
  created_at TIMESTAMP NOT NULL
);
CREATE TABLE review_run (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  review_id INTEGER NOT NULL REFERENCES review(id),
  status TEXT NOT NULL DEFAULT '',
  created_at TIMESTAMP NOT NULL
);
`;

/** goose's bookkeeping table (spec §3). */
export const GOOSE_VERSION_TABLE_DDL = `
CREATE TABLE goose_db_version (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  version_id INTEGER NOT NULL,
  is_applied INTEGER NOT NULL,
  tstamp TIMESTAMP DEFAULT (datetime('now'))
);
`;
