/**
 * Rows exactly as the rewrite's v12 tables hold them: keys are the column
 * names, timestamps are already in the daemon's text form.
 */
export interface ProjectRow {
  id: string;
  path: string;
  repo_origin_url: string;
  display_name: string;
  registered_at: string;
  kind: 'single_repo';
  /** JSON text of `ProjectConfig`, or `null` when nothing is set. */
  config: string | null;
}

export type SessionKind = 'worker' | 'orchestrator';
export type ActivityState = 'active' | 'idle' | 'waiting_input' | 'blocked' | 'exited';

export interface SessionRow {
  id: string;
  project_id: string;
  num: number;
  issue_id: string;
  kind: SessionKind;
  harness: string;
  activity_state: ActivityState;
  activity_last_at: string;
  is_terminated: 0 | 1;
  branch: string;
  workspace_path: string;
  runtime_handle_id: string;
  agent_session_id: string;
  prompt: string;
  created_at: string;
  updated_at: string;
  display_name: string;
  first_signal_at: string;
}

export type RewritePermission = 'default' | 'accept-edits' | 'auto' | 'bypass-permissions';

export interface RewriteAgentConfig {
  model?: string;
  permissions?: RewritePermission;
}

export interface RewriteRoleConfig {
  agent?: string;
  agentConfig?: RewriteAgentConfig;
}

/** `projects.config` JSON (rewrite-v12 §7, plus the rule keys of rewrite-today §4). */
export interface ProjectConfig {
  defaultBranch?: string;
  sessionPrefix?: string;
  env?: Record<string, string>;
  symlinks?: string[];
  postCreate?: string[];
  agentConfig?: RewriteAgentConfig;
  worker?: RewriteRoleConfig;
  orchestrator?: RewriteRoleConfig;
  agentRules?: string;
  agentRulesFile?: string;
  orchestratorRules?: string;
}
