import * as os from 'node:os';
import * as path from 'node:path';
import { MigrationRefusedError } from '../core/errors.js';
import { systemClock } from '../core/effects/clock.js';
import { nodeFileSystem } from '../core/effects/fs.js';
import { createNodeGit } from '../core/effects/git.js';
import { legacyDefaultPaths } from '../core/legacy/default-paths.js';
import { applyToTarget, inspectTarget, targetDefaultPaths, type WriteResult } from '../core/database/index.js';
import { claudeConfigDir, relocateClaudeTranscript } from '../core/claude/index.js';
import type { ProgressEvent } from '../core/progress.js';
import { diskResumeBlockers } from '../core/resume/disk-resume-blockers.js';
import { appendLedgerRun } from '../core/ledger/append-run.js';
import { ledgerPath } from '../core/ledger/ledger-file.js';
import { recordRun, type RunRecordInputs } from '../core/ledger/record-run.js';
import type { Note } from '../core/note.js';
import { buildReport } from './build-report.js';
import { readAndPlan } from './read-and-plan.js';
import type { MigrateOptions } from './migrate-options.js';
import type { MigrationReport } from './report.js';

/**
 * Migrates the legacy store into the rewrite's database: preconditions →
 * plan → transcripts → one database transaction → report. Never prints,
 * never exits; refusals reject with `MigrationRefusedError`, everything
 * else (conflicts, skips, failures of single items) is in the report.
 */
export async function migrate(options: MigrateOptions = {}): Promise<MigrationReport> {
  const env = process.env;
  const homeDir = os.homedir();
  const fs = options.fs ?? nodeFileSystem;
  const now = options.now ?? systemClock;
  const git = options.git ?? createNodeGit();
  const dryRun = options.dryRun ?? false;
  const progress = (event: ProgressEvent) => options.onProgress?.(event);
  const checkAbort = () => {
    if (options.signal?.aborted) {
      throw new MigrationRefusedError('ABORTED', 'The migration was aborted before the database was changed.');
    }
  };

  const legacyRoot = options.legacyRoot ?? legacyDefaultPaths(env, homeDir).legacyRoot;
  const targetPaths = targetDefaultPaths(env, homeDir);
  const targetOptions = {
    dataDir: options.dataDir ?? targetPaths.dataDir,
    runFile: options.runFile ?? targetPaths.runFile,
    legacyRoot,
    env,
    homeDir,
    now,
  };

  const claudeDir = options.claudeDir ?? claudeConfigDir(env, homeDir);
  checkAbort();
  const { plan } = readAndPlan(
    { legacyRoot, globalConfigPath: options.globalConfigPath, claudeDir, homeDir, env, fs, git },
    { mode: options.mode ?? 'restorable', now: now() },
    (sessionsRead) => {
      progress({ phase: 'read', completed: sessionsRead, total: sessionsRead });
      checkAbort();
    },
  );
  progress({ phase: 'plan', completed: plan.sessions.length, total: plan.sessions.length });

  checkAbort();
  const inspection = inspectTarget(plan, targetOptions);
  progress({ phase: 'preconditions', completed: 1, total: 1 });

  checkAbort();
  // Only sessions that will be (or are) in the database get their transcript copied.
  const inDatabase = new Set(
    inspection.sessions.filter((s) => s.status === 'created' || s.status === 'already-present').map((s) => s.id),
  );
  const relocation = { ...inspection.plan, sessions: inspection.plan.sessions.filter((s) => inDatabase.has(s.id)) };
  const transcripts = relocateClaudeTranscript(relocation, {
    dataDir: targetOptions.dataDir,
    claudeDir,
    fs,
    dryRun,
    onProgress: progress,
    shouldStop: () => options.signal?.aborted ?? false,
  });
  checkAbort();

  const runAt = now();
  // Recorded even when the database step refuses: the transcripts are already copied.
  const ledger = (record: Omit<RunRecordInputs, 'runAt' | 'dbPath' | 'plan' | 'transcripts'>): Note[] => {
    const run = recordRun({ ...record, runAt, dbPath: inspection.dbPath, plan: inspection.plan, transcripts }, fs);
    return run === undefined ? [] : appendLedgerRun(fs, ledgerPath(path.dirname(inspection.dbPath)), run, runAt);
  };
  let written: Pick<WriteResult, 'backupPath' | 'projects' | 'sessions' | 'notes'>;
  if (dryRun) {
    written = { backupPath: null, projects: inspection.projects, sessions: inspection.sessions, notes: inspection.notes };
  } else {
    try {
      written = applyToTarget(inspection, { ...targetOptions, backup: options.backup ?? true, beforeCommit: checkAbort });
    } catch (error) {
      ledger({ backupPath: null, projects: [], sessions: [] });
      throw error;
    }
    written = { ...written, notes: [...written.notes, ...ledger(written)] };
  }
  progress({ phase: 'database', completed: written.sessions.length, total: written.sessions.length });

  const report = buildReport({
    dryRun,
    plan: inspection.plan,
    dbPath: inspection.dbPath,
    backupPath: written.backupPath,
    projects: written.projects,
    sessions: written.sessions,
    targetNotes: written.notes,
    transcripts,
    diskBlockers: diskResumeBlockers(inspection.plan, { fs, git }),
  });
  progress({ phase: 'done', completed: 1, total: 1 });
  return report;
}
