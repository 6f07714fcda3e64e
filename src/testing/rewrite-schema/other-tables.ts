import { cdcTrigger, JSON_BOOLEAN } from './migrated-tables.js';

const prPayload = "json_object('url', NEW.url, 'session', NEW.session_id, 'state', NEW.pr_state, 'ci', NEW.ci_state, 'review', NEW.review_decision, 'mergeability', NEW.mergeability)";
const ofPr = { project: '(SELECT project_id FROM sessions WHERE id = NEW.session_id)', session: 'NEW.session_id' };
const ofPrUrl = {
  project: '(SELECT s.project_id FROM pr p JOIN sessions s ON s.id = p.session_id WHERE p.url = NEW.pr_url)',
  session: '(SELECT session_id FROM pr WHERE url = NEW.pr_url)',
};
const checkPayload = "json_object('pr', NEW.pr_url, 'name', NEW.name, 'commit', NEW.commit_hash, 'status', NEW.status)";
const threadPayload = (withBot: boolean) =>
  `json_object('pr', NEW.pr_url, 'thread', NEW.thread_id, 'path', NEW.path, 'line', NEW.line, 'resolved', ${JSON_BOOLEAN('NEW.resolved')}` +
  `${withBot ? `, 'isBot', ${JSON_BOOLEAN('NEW.is_bot')}` : ''})`;

/** The change_log triggers of the PR tables. */
const V12_OTHER_TRIGGERS_DDL = [
  cdcTrigger('pr_cdc_insert', 'AFTER INSERT ON pr', { ...ofPr, event: 'pr_created', payload: prPayload, at: 'NEW.updated_at' }),
  cdcTrigger(
    'pr_cdc_update',
    'AFTER UPDATE ON pr WHEN OLD.pr_state <> NEW.pr_state OR OLD.ci_state <> NEW.ci_state OR OLD.review_decision <> NEW.review_decision OR OLD.mergeability <> NEW.mergeability',
    { ...ofPr, event: 'pr_updated', payload: prPayload, at: 'NEW.updated_at' },
  ),
  cdcTrigger('pr_session_cdc_update', 'AFTER UPDATE ON pr WHEN OLD.session_id <> NEW.session_id', {
    ...ofPr,
    event: 'pr_session_changed',
    payload: "json_object('url', NEW.url, 'fromSession', OLD.session_id, 'toSession', NEW.session_id)",
    at: 'NEW.updated_at',
  }),
  cdcTrigger('pr_checks_cdc_insert', 'AFTER INSERT ON pr_checks', { ...ofPrUrl, event: 'pr_check_recorded', payload: checkPayload, at: 'NEW.created_at' }),
  cdcTrigger('pr_checks_cdc_update', 'AFTER UPDATE ON pr_checks WHEN OLD.status <> NEW.status', {
    ...ofPrUrl,
    event: 'pr_check_recorded',
    payload: checkPayload,
    at: "datetime('now')",
  }),
  cdcTrigger('pr_review_threads_cdc_insert', 'AFTER INSERT ON pr_review_threads', {
    ...ofPrUrl,
    event: 'pr_review_thread_added',
    payload: threadPayload(true),
    at: 'NEW.updated_at',
  }),
  cdcTrigger('pr_review_threads_cdc_update', 'AFTER UPDATE ON pr_review_threads WHEN OLD.resolved <> NEW.resolved', {
    ...ofPrUrl,
    event: 'pr_review_thread_resolved',
    payload: threadPayload(false),
    at: 'NEW.updated_at',
  }),
].join('');

/**
 * The v12 tables the migration never writes, with their indexes and
 * triggers, in the shape the daemon's own migrations 1–12 leave them: the
 * daemon upgrades a v12 database from exactly these (its migration 13 needs
 * `review_run`, 20 needs its `pr_url` and `verdict`, …), so a fixture
 * without them cannot stand for a June 2026 database. Written for this
 * project from what the real daemon creates at v23, minus what its
 * migrations 13–23 add (see `upgrades.ts`).
 */
export const V12_OTHER_TABLES_DDL =
  `
CREATE TABLE pr (
  url TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  number INTEGER NOT NULL DEFAULT 0,
  pr_state TEXT NOT NULL DEFAULT 'open' CHECK (pr_state IN ('draft', 'open', 'merged', 'closed')),
  review_decision TEXT NOT NULL DEFAULT 'none'
    CHECK (review_decision IN ('none', 'approved', 'changes_requested', 'review_required')),
  ci_state TEXT NOT NULL DEFAULT 'unknown' CHECK (ci_state IN ('unknown', 'pending', 'passing', 'failing')),
  mergeability TEXT NOT NULL DEFAULT 'unknown'
    CHECK (mergeability IN ('unknown', 'mergeable', 'conflicting', 'blocked', 'unstable')),
  updated_at TIMESTAMP NOT NULL,
  provider TEXT NOT NULL DEFAULT '',
  host TEXT NOT NULL DEFAULT '',
  repo TEXT NOT NULL DEFAULT '',
  source_branch TEXT NOT NULL DEFAULT '',
  target_branch TEXT NOT NULL DEFAULT '',
  head_sha TEXT NOT NULL DEFAULT '',
  title TEXT NOT NULL DEFAULT '',
  additions INTEGER NOT NULL DEFAULT 0,
  deletions INTEGER NOT NULL DEFAULT 0,
  changed_files INTEGER NOT NULL DEFAULT 0,
  author TEXT NOT NULL DEFAULT '',
  base_sha TEXT NOT NULL DEFAULT '',
  merge_commit_sha TEXT NOT NULL DEFAULT '',
  is_draft INTEGER NOT NULL DEFAULT 0,
  is_merged INTEGER NOT NULL DEFAULT 0,
  is_closed INTEGER NOT NULL DEFAULT 0,
  provider_state TEXT NOT NULL DEFAULT '',
  provider_mergeable TEXT NOT NULL DEFAULT '',
  provider_merge_state_status TEXT NOT NULL DEFAULT '',
  html_url TEXT NOT NULL DEFAULT '',
  created_at_provider TIMESTAMP,
  updated_at_provider TIMESTAMP,
  merged_at_provider TIMESTAMP,
  closed_at_provider TIMESTAMP,
  metadata_hash TEXT NOT NULL DEFAULT '',
  ci_hash TEXT NOT NULL DEFAULT '',
  review_hash TEXT NOT NULL DEFAULT '',
  observed_at TIMESTAMP,
  ci_observed_at TIMESTAMP,
  review_observed_at TIMESTAMP,
  last_nudge_signature TEXT NOT NULL DEFAULT ''
);
CREATE INDEX idx_pr_session ON pr (session_id);

CREATE TABLE pr_checks (
  pr_url TEXT NOT NULL REFERENCES pr (url) ON DELETE CASCADE,
  name TEXT NOT NULL,
  commit_hash TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'unknown'
    CHECK (status IN ('unknown', 'queued', 'in_progress', 'passed', 'failed', 'skipped', 'cancelled')),
  url TEXT NOT NULL DEFAULT '',
  log_tail TEXT NOT NULL DEFAULT '',
  created_at TIMESTAMP NOT NULL,
  conclusion TEXT NOT NULL DEFAULT '',
  details TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (pr_url, name, commit_hash)
);
CREATE INDEX idx_pr_checks_lookup ON pr_checks (pr_url, name, created_at);

CREATE TABLE pr_comment (
  pr_url TEXT NOT NULL REFERENCES pr (url) ON DELETE CASCADE,
  comment_id TEXT NOT NULL,
  author TEXT NOT NULL DEFAULT '',
  file TEXT NOT NULL DEFAULT '',
  line INTEGER NOT NULL DEFAULT 0,
  body TEXT NOT NULL DEFAULT '',
  resolved INTEGER NOT NULL DEFAULT 0,
  created_at TIMESTAMP NOT NULL,
  thread_id TEXT NOT NULL DEFAULT '',
  url TEXT NOT NULL DEFAULT '',
  is_bot INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (pr_url, comment_id)
);

CREATE TABLE pr_review_threads (
  pr_url TEXT NOT NULL REFERENCES pr (url) ON DELETE CASCADE,
  thread_id TEXT NOT NULL,
  path TEXT NOT NULL DEFAULT '',
  line INTEGER NOT NULL DEFAULT 0,
  resolved INTEGER NOT NULL DEFAULT 0,
  is_bot INTEGER NOT NULL DEFAULT 0,
  semantic_hash TEXT NOT NULL DEFAULT '',
  updated_at TIMESTAMP NOT NULL,
  PRIMARY KEY (pr_url, thread_id)
);
CREATE INDEX idx_pr_review_threads_lookup ON pr_review_threads (pr_url, updated_at);

CREATE TABLE workspace_repos (
  project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  relative_path TEXT NOT NULL,
  repo_origin_url TEXT NOT NULL DEFAULT '',
  registered_at TIMESTAMP NOT NULL,
  PRIMARY KEY (project_id, name),
  UNIQUE (project_id, relative_path)
);

CREATE TABLE session_worktrees (
  session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  repo_name TEXT NOT NULL,
  branch TEXT NOT NULL,
  base_sha TEXT NOT NULL,
  worktree_path TEXT NOT NULL,
  preserved_ref TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL DEFAULT 'active'
    CHECK (state IN ('active', 'removed', 'retry_remove', 'unavailable', 'stray_moved')),
  PRIMARY KEY (session_id, repo_name)
);
CREATE INDEX idx_session_worktrees_session ON session_worktrees (session_id);

CREATE TABLE notifications (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  project_id TEXT NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
  pr_url TEXT NOT NULL DEFAULT '',
  type TEXT NOT NULL CHECK (type IN ('needs_input', 'ready_to_merge', 'pr_merged', 'pr_closed_unmerged')),
  title TEXT NOT NULL,
  body TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'unread' CHECK (status IN ('read', 'unread')),
  created_at TIMESTAMP NOT NULL
);
CREATE INDEX idx_notifications_status ON notifications (status, created_at DESC);
CREATE UNIQUE INDEX idx_notifications_unread_dedupe ON notifications (session_id, type, pr_url) WHERE status = 'unread';

CREATE TABLE review (
  id TEXT PRIMARY KEY,
  session_id TEXT NOT NULL UNIQUE REFERENCES sessions (id) ON DELETE CASCADE,
  project_id TEXT NOT NULL REFERENCES projects (id),
  harness TEXT NOT NULL,
  pr_url TEXT NOT NULL DEFAULT '',
  reviewer_handle_id TEXT NOT NULL DEFAULT '',
  created_at TIMESTAMP NOT NULL,
  updated_at TIMESTAMP NOT NULL
);

CREATE TABLE review_run (
  id TEXT PRIMARY KEY,
  review_id TEXT NOT NULL REFERENCES review (id) ON DELETE CASCADE,
  session_id TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
  harness TEXT NOT NULL,
  pr_url TEXT NOT NULL DEFAULT '',
  target_sha TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'running',
  verdict TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL DEFAULT '',
  created_at TIMESTAMP NOT NULL
);
` + V12_OTHER_TRIGGERS_DDL;
