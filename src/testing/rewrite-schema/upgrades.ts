import { sessionsUpdateTriggerDdl } from './migrated-tables.js';

/**
 * What the daemon's migrations 13–23 (npm 0.10.3) change, as DDL written for
 * this project: two `sessions` columns with defaults (and the update trigger
 * that watches them), three `review_run` columns and its unique indexes,
 * and two new tables. The tables and columns the migration writes are
 * otherwise untouched.
 */
export const UPGRADE_TO_V23_DDL = `
ALTER TABLE sessions ADD COLUMN preview_url TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN preview_revision INTEGER NOT NULL DEFAULT 0;
DROP TRIGGER sessions_cdc_update;
${sessionsUpdateTriggerDdl(['preview_url', 'preview_revision'], [
  ['previewUrl', 'preview_url'],
  ['previewRevision', 'preview_revision'],
])}

ALTER TABLE review_run ADD COLUMN github_review_id TEXT NOT NULL DEFAULT '';
ALTER TABLE review_run ADD COLUMN delivered_at TIMESTAMP;
ALTER TABLE review_run ADD COLUMN batch_id TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX idx_review_run_session_pr_sha ON review_run (session_id, pr_url, target_sha)
  WHERE target_sha != '' AND status NOT IN ('failed', 'cancelled')
    AND (status = 'running' OR verdict NOT IN ('', 'changes_requested'));
CREATE INDEX idx_review_run_session_batch ON review_run (session_id, batch_id, created_at) WHERE batch_id != '';

CREATE TABLE telemetry_event (
  id TEXT PRIMARY KEY,
  occurred_at TIMESTAMP NOT NULL,
  name TEXT NOT NULL,
  source TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('debug', 'info', 'warn', 'error')),
  project_id TEXT,
  session_id TEXT,
  request_id TEXT NOT NULL DEFAULT '',
  payload_json TEXT NOT NULL
);
CREATE INDEX idx_telemetry_event_occurred_at ON telemetry_event (occurred_at DESC);
CREATE INDEX idx_telemetry_event_name ON telemetry_event (name, occurred_at DESC);
CREATE INDEX idx_telemetry_event_project ON telemetry_event (project_id, occurred_at DESC);
CREATE INDEX idx_telemetry_event_session ON telemetry_event (session_id, occurred_at DESC);

CREATE TABLE pr_reviews (
  pr_url TEXT NOT NULL REFERENCES pr (url) ON DELETE CASCADE,
  review_id TEXT NOT NULL,
  author TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL DEFAULT 'none' CHECK (state IN ('none', 'approved', 'changes_requested', 'review_required')),
  url TEXT NOT NULL DEFAULT '',
  is_bot INTEGER NOT NULL DEFAULT 0,
  submitted_at TIMESTAMP NOT NULL,
  PRIMARY KEY (pr_url, review_id)
);
CREATE INDEX idx_pr_reviews_lookup ON pr_reviews (pr_url, submitted_at);
`;

/**
 * What the desktop nightly (goose 82) adds beyond 23, per rewrite-today §2:
 * `sessions` columns that all default to "nothing set" (plus
 * `launched_harnesses`, which a July 2026 nightly added and some databases
 * kept). The widened CHECK lists are parameters of the base DDL. The other
 * new tables are not specified column by column; these are plausible
 * minimal shapes, with the foreign keys to `sessions` that matter to undo.
 */
export const UPGRADE_TO_V82_DDL = `
ALTER TABLE sessions ADD COLUMN cleanup_generation INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN runtime_launch_id TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN workspace_repo_path TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN terminate_on_pr_merge BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE sessions ADD COLUMN diff_base_sha TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN diff_base_ref TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN reviewer_harness TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN is_pinned BOOLEAN NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN pinned_at DATETIME;
ALTER TABLE sessions ADD COLUMN session_mode TEXT NOT NULL DEFAULT 'tui';
ALTER TABLE sessions ADD COLUMN provider_conversation_id TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN controller_generation TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN browser_capability_verifier TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN launched_harnesses TEXT NOT NULL DEFAULT '[]';

CREATE TABLE conversations (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  provider_conversation_id TEXT NOT NULL DEFAULT '',
  created_at TIMESTAMP NOT NULL
);
CREATE TABLE session_interface_transitions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  from_mode TEXT NOT NULL DEFAULT '',
  to_mode TEXT NOT NULL DEFAULT '',
  created_at TIMESTAMP NOT NULL
);
CREATE TABLE app_settings (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL DEFAULT ''
);
`;
