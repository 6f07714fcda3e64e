import * as os from 'node:os';
import { claudeConfigDir, relocateClaudeTranscript } from '../core/claude/index.js';
import { systemClock } from '../core/effects/clock.js';
import { nodeFileSystem } from '../core/effects/fs.js';
import { createNodeGit } from '../core/effects/git.js';
import { legacyDefaultPaths } from '../core/legacy/default-paths.js';
import { diskResumeBlockers } from '../core/resume/disk-resume-blockers.js';
import { buildStatus } from '../core/status/build-status.js';
import { openDatabaseForReading } from '../core/status/open-database-for-reading.js';
import { readSessionStates } from '../core/status/read-session-states.js';
import type { StatusReport } from '../core/status/types.js';
import { reconcilePlan } from '../core/database/reconcile-plan.js';
import { targetDefaultPaths } from '../core/database/target-options.js';
import { readTargetState } from '../core/database/target-state.js';
import { addLiveAgentBlockers, findLiveLegacyAgents, legacyProcessNote } from '../core/legacy-agents/live-legacy-agents.js';
import { tmuxSessionNames } from '../core/legacy-agents/tmux-session-names.js';
import { agentDirectoryBlockers } from '../core/agent-directory/check-agent-directories.js';
import { relocateAgentDirectories } from '../core/agent-directory/relocate-agent-directories.js';
import type { MigrateOptions } from './migrate-options.js';
import { readAndPlan } from './read-and-plan.js';

/** Options of `status()`: where things are, as for `migrate()`. */
export type StatusOptions = Pick<
  MigrateOptions,
  'legacyRoot' | 'globalConfigPath' | 'dataDir' | 'claudeDir' | 'runFile' | 'fs' | 'git'
>;

/**
 * Did everything come over, and will each session resume? Compares the
 * legacy store with the rewrite's database and the transcript buckets,
 * reading only (the database is read even while the daemon runs). Refusals
 * reject with `MigrationRefusedError` (`DB_MISSING`, `SCHEMA_MISMATCH`, …).
 */
export async function status(options: StatusOptions = {}): Promise<StatusReport> {
  const env = process.env;
  const homeDir = os.homedir();
  const fs = options.fs ?? nodeFileSystem;
  const git = options.git ?? createNodeGit();
  const legacyRoot = options.legacyRoot ?? legacyDefaultPaths(env, homeDir).legacyRoot;
  const dataDir = options.dataDir ?? targetDefaultPaths(env, homeDir).dataDir;
  const claudeDir = options.claudeDir ?? claudeConfigDir(env, homeDir);

  const { snapshot, plan } = readAndPlan(
    { legacyRoot: legacyRoot, globalConfigPath: options.globalConfigPath, claudeDir, homeDir, env, fs, git },
    { mode: 'restorable', now: systemClock(), dataDir },
  );

  const target = await openDatabaseForReading(legacyRoot, {
    dataDir,
    ...(options.runFile === undefined ? {} : { runFile: options.runFile }),
    legacyRoot,
    env,
    homeDir,
  });
  let reconciliation;
  let stored;
  try {
    reconciliation = reconcilePlan(plan, readTargetState(target.db));
    stored = readSessionStates(target.db);
  } finally {
    target.close();
  }

  const migrated = new Set(reconciliation.sessions.filter((s) => s.status === 'already-present').map((s) => s.id));
  const relocated = relocateClaudeTranscript(
    { ...reconciliation.plan, sessions: reconciliation.plan.sessions.filter((s) => migrated.has(s.id)) },
    { claudeDir, fs, dryRun: true },
  );

  const diskBlockers = diskResumeBlockers(reconciliation.plan, { fs, git });
  const storedStates = stored;
  const agentSessions = reconciliation.plan.sessions.flatMap((planned) => {
    const row = storedStates.get(planned.id);
    return planned.row === undefined || row === undefined
      ? []
      : [{ id: planned.id, harness: row.harness, agentSessionId: row.agentSessionId, managedPath: planned.row.workspace_path }];
  });
  const wouldRelocate = relocateAgentDirectories(reconciliation.plan, { env, homeDir, fs, dryRun: true });
  const bySession = new Map(wouldRelocate.outcomes.map((outcome) => [outcome.sessionId, outcome]));
  for (const [id, reason] of agentDirectoryBlockers(agentSessions, bySession, { env, homeDir, fs })) {
    diskBlockers.bySession.set(id, [...(diskBlockers.bySession.get(id) ?? []), reason]);
  }
  const live = findLiveLegacyAgents(reconciliation.plan, { tmuxSessionNames: () => tmuxSessionNames(env) });
  addLiveAgentBlockers(diskBlockers.bySession, live);
  const notes = [...target.notes, ...relocated.notes, ...(live.legacyProcess === undefined ? [] : [legacyProcessNote(live.legacyProcess)])];
  return buildStatus({
    dbPath: target.paths.dbPath,
    schema: target.schema,
    snapshot,
    plan: reconciliation.plan,
    projects: reconciliation.projects,
    sessions: reconciliation.sessions,
    stored,
    transcripts: relocated.transcripts,
    diskBlockers,
    notes,
    fs,
  });
}

