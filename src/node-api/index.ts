/**
 * ao-migrate: move a legacy Agent Orchestrator store into the Go rewrite's
 * SQLite database (schema v12 and every release since), offline.
 *
 * `migrate()` is the whole run; the building blocks below are exported for
 * the rewrite's installer and for other repos' tests.
 *
 * @packageDocumentation
 */

// The whole run.
export { migrate } from './migrate.js';
export type { MigrateOptions } from './migrate-options.js';
export type {
  AgentDirectoryReport,
  MigrationReport,
  ProjectReport,
  SessionReport,
  StatusCounts,
  TranscriptReport,
} from './report.js';
export { MigrationRefusedError, type RefusalCode } from '../core/errors.js';

// After the migration: status, undo, release-worktrees.
export { status, type StatusOptions } from './status.js';
export type { ProjectStatus, SessionStatus, StatusReport } from '../core/status/types.js';
export { undo, type UndoOptions } from './undo.js';
export {
  UNDO_STATUSES,
  type UndoCounts,
  type UndoFileItem,
  type UndoItem,
  type UndoReport,
  type UndoSessionItem,
  type UndoStatus,
} from '../core/undo/types.js';
export { releaseWorktrees, type ReleaseWorktreesOptions } from './release-worktrees.js';
export type { ReleaseItem, ReleaseReport, ReleaseStatus } from '../core/worktrees/release-worktrees.js';

// Shared vocabulary.
export type { Note, NoteScope } from '../core/note.js';
export { ITEM_STATUSES, type ItemStatus } from '../core/outcome.js';
export type { ProgressEvent, ProgressListener, ProgressPhase } from '../core/progress.js';
export type { Clock } from '../core/effects/clock.js';
export type { DirEntry, FileStats, FileSystem } from '../core/effects/fs.js';
export type { Git, GitWriter, WorktreeChanges, WorktreeHead } from '../core/effects/git.js';

// Read.
export { readLegacy, type ReadLegacyOptions } from '../core/legacy/read-legacy.js';
export { legacyDefaultPaths, type LegacyDefaultPaths } from '../core/legacy/default-paths.js';
export type {
  AgentDefaults,
  ClaudeSessionInference,
  LegacyAgentConfig,
  LegacyBehaviour,
  LegacyLifecycle,
  LegacyPermission,
  LegacyProject,
  LegacyRegistry,
  LegacyRoleOverride,
  LegacySession,
  LegacySnapshot,
  StoreProblem,
} from '../core/legacy/types.js';
export { inferClaudeSessionIds, type InferOptions } from '../core/claude/infer-session-ids.js';

// Map and plan (pure).
export { mapProject, type ProjectMapContext, type ProjectMapping } from '../core/map/map-project.js';
export { mapSession, type SessionMapContext, type SessionMapping } from '../core/map/map-session.js';
export { assignNum, type NumAssignment } from '../core/map/num.js';
export { HARNESSES, isHarness, type Harness, type HarnessColumnValue } from '../core/map/harness.js';
export { deriveSessionPrefix } from '../core/map/session-prefix.js';
export type {
  ActivityState,
  ProjectConfig,
  ProjectRow,
  RewriteAgentConfig,
  RewritePermission,
  RewriteRoleConfig,
  SessionKind,
  SessionRow,
} from '../core/map/rows.js';
export { planMigration, type PlanOptions } from '../core/plan/plan-migration.js';
export type {
  ImportMode,
  MigrationPlan,
  PlanAction,
  PlannedProject,
  PlannedSession,
  ResumeReadiness,
} from '../core/plan/types.js';
export { formatDaemonTime, parseDaemonTime } from '../core/time/daemon-time.js';

// Claude transcripts.
export {
  claudeConfigDir,
  claudeProjectSlug,
  relocateClaudeTranscript,
  type RelocateOptions,
  type TranscriptOutcome,
  type TranscriptRelocation,
} from '../core/claude/index.js';

// The target database.
export {
  applyToTarget,
  daemonSessionPrefix,
  inspectTarget,
  managedWorktreePath,
  targetDefaultPaths,
  writeOffline,
  type ApplyOptions,
  type DaemonCheckEffects,
  type ProjectOutcome,
  type RewriteRelease,
  type SessionOutcome,
  type TargetInspection,
  type TargetOptions,
  type TargetPaths,
  type WriteOfflineOptions,
  type WriteResult,
} from '../core/database/index.js';
