export type { ApplyOptions } from './apply-to-target.js';
export { applyToTarget } from './apply-to-target.js';
export { inspectTarget } from './inspect-target.js';
export { daemonSessionPrefix, managedWorktreePath } from './managed-worktree-path.js';
export type { ProjectOutcome, SessionOutcome, TargetInspection, WriteResult } from './target-outcomes.js';
export type { TargetOptions, TargetPaths } from './target-options.js';
export { targetDefaultPaths } from './target-options.js';
export type { WriteOfflineOptions } from './write-offline.js';
export { writeOffline } from './write-offline.js';
