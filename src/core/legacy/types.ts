import type { Note } from '../note.js';

/**
 * The typed snapshot `readLegacy()` produces. Everything here has already
 * been parsed from untrusted files: downstream code never sees raw JSON/YAML.
 * Optional fields are absent when the legacy file did not set them (or set
 * them to something unusable, which is then noted).
 */
export interface LegacySnapshot {
  /** The legacy data root that was read (`~/.agent-orchestrator`). */
  root: string;
  /** Every registry (config file) that was read, in the order they were found (see `registryCandidates`). */
  registries: LegacyRegistry[];
  projects: LegacyProject[];
  sessions: LegacySession[];
  /** What makes the read incomplete: sessions no registry owns, a registry that cannot be read, no data root. */
  problems: StoreProblem[];
  /** Everything else the reader noticed: skipped files, degraded projects, … */
  notes: Note[];
}

/** One registry (legacy config file) that was read. */
export interface LegacyRegistry {
  /** The file, as it was found (not symlink-resolved). */
  path: string;
  /** How it was found: `--config`, a default location, an environment variable, a store dir's `.origin`. */
  foundBy: string;
  /** `hybrid` (shape A + per-repo files), `wrapped` (old single file, shape C), `none` (nothing usable in it). */
  shape: 'hybrid' | 'wrapped' | 'none';
  /** The file's mtime, a `registered_at` fallback for its projects. */
  mtime: Date | null;
  /** Top-level `defaults` agent fallbacks, for this registry's projects only. */
  defaults: AgentDefaults;
}

/**
 * Something that keeps a run from being complete, beyond single items: the
 * migration and `status` report it and exit 1. `message` says what is wrong
 * and what to do.
 */
export interface StoreProblem {
  /**
   * `orphaned-store-dir`: a store dir holds live sessions but no registry found owns them;
   * `registry-unreadable`: a registry exists but cannot be read or parsed;
   * `registry-missing`: a registry named with `--config` does not exist;
   * `legacy-root-missing`: there is no legacy data root.
   */
  kind: 'orphaned-store-dir' | 'registry-unreadable' | 'registry-missing' | 'legacy-root-missing';
  /** The directory or file concerned. */
  path: string;
  message: string;
}

export interface AgentDefaults {
  agent?: string;
  workerAgent?: string;
  orchestratorAgent?: string;
}

export interface LegacyProject {
  /** The registry key. Not yet validated against the rewrite's id rule. */
  id: string;
  /** The registry (config file) it came from: a `LegacyRegistry.path`. */
  registryPath: string;
  /** `path` exactly as the registry wrote it (may start with `~`). */
  path: string;
  /** Registry `displayName` (or its older alias `name`). */
  displayName?: string;
  /** `portfolio/preferences.json` displayName for this id. */
  preferredDisplayName?: string;
  sessionPrefix?: string;
  defaultBranch?: string;
  /** Registry `repo.originUrl` (shape A only; shape C's `repo` is "owner/name"). */
  repoOriginUrl?: string;
  /** `git remote get-url origin` in the project path, when the registry had no URL. */
  gitOriginUrl?: string;
  /** Registry `registeredAt`, Unix epoch SECONDS. */
  registeredAtEpochSeconds?: number;
  /** `portfolio/registered.json` `addedAt` for this path (ISO string, unvalidated). */
  registeredJsonAddedAt?: string;
  /** Leftover `storageKey` (names an older `<12hex>-<name>` dir). */
  storageKey?: string;
  /** Behaviour settings: per-repo file (shape A) or the wrapped entry (shape C). */
  behaviour: LegacyBehaviour;
  /** Set when the per-repo behaviour file could not be parsed: the parse error. */
  degraded?: string;
}

export type LegacyPermission = 'permissionless' | 'default' | 'auto-edit' | 'suggest' | 'skip';

export interface LegacyAgentConfig {
  /** Kept as written; the mapper decides (unknown values are noted there). */
  permissions?: string;
  model?: string;
  orchestratorModel?: string;
}

export interface LegacyRoleOverride {
  agent?: string;
  agentConfig?: LegacyAgentConfig;
}

export interface LegacyBehaviour {
  agent?: string;
  env?: Record<string, string>;
  symlinks?: string[];
  postCreate?: string[];
  agentConfig?: LegacyAgentConfig;
  worker?: LegacyRoleOverride;
  orchestrator?: LegacyRoleOverride;
  agentRules?: string;
  agentRulesFile?: string;
  orchestratorRules?: string;
  /**
   * Keys that were set but have no home in the rewrite (`tracker`, `scm`,
   * `reactions`, `runtime`, `workspace`, `orchestratorSessionStrategy`), in
   * file order.
   */
  droppedKeys: string[];
}

/** Lifecycle v2, normalised: JSON-string parts decoded, every part optional. */
export interface LegacyLifecycle {
  session?: {
    kind?: string;
    state?: string;
    reason?: string;
    startedAt?: string;
    completedAt?: string;
    terminatedAt?: string | null;
    lastTransitionAt?: string;
  };
  runtime?: {
    state?: string;
    reason?: string;
    lastObservedAt?: string;
    tmuxName?: string;
  };
}

export interface LegacySession {
  /** The file stem (current layout) or file name (old layout). */
  id: string;
  /** The owning project: the record's `project`, else the owning directory's project. */
  projectId: string;
  /** The file it was read from. */
  file: string;
  layout: 'current' | 'old';
  /** The file's mtime, the last timestamp fallback. */
  fileMtime: Date;
  role?: string;
  agent?: string;
  branch?: string;
  worktree?: string;
  issue?: string;
  userPrompt?: string;
  displayName?: string;
  /** ISO string as written (validated by the mapper's fallback chain). */
  createdAt?: string;
  /** When legacy last restored the session (0.2.x `restoredAt`), ISO string as written. */
  restoredAt?: string;
  /** When legacy escalated it to a human (0.2.x `escalatedAt`), ISO string as written. */
  escalatedAt?: string;
  claudeSessionUuid?: string;
  codexThreadId?: string;
  opencodeSessionId?: string;
  opencodeCleanedAt?: string;
  codexModel?: string;
  restoreFallbackReason?: string;
  /** From `lifecycle`, or from `statePayload` when `stateVersion` is 2. */
  lifecycle?: LegacyLifecycle;
  /** Legacy `status`; authoritative only when there is no lifecycle. */
  status?: string;
  /** Top-level `terminatedAt` (legacy recovery cleanup); non-null = terminated. */
  terminatedAt?: string;
  /** The legacy agent's tmux session: the record's `tmuxName`, else `lifecycle.runtime.tmuxName`. */
  tmuxName?: string;
  /**
   * Set by `inferClaudeSessionIds` (not by the reader) for a live session that
   * recorded no `claudeSessionUuid`: the transcript legacy 0.2.x would have
   * resumed, or why none could be told.
   */
  claudeInference?: ClaudeSessionInference;
}

/**
 * 0.2.x never recorded the Claude session id: it resumed the newest
 * `*.jsonl` (not `agent-*`) of the worktree's bucket. `uuid` is that
 * transcript's stem; `reason` says why there is none.
 */
export type ClaudeSessionInference =
  | {
      uuid: string;
      /** The bucket it was found in. */
      bucket: string;
      /** Older transcripts in the bucket that were not chosen, newest first. */
      otherCandidates: string[];
      /** Set for a session run in the project checkout: only transcripts written after this time counted. */
      writtenAfter?: string;
    }
  | { uuid?: undefined; reason: string };
