import * as os from 'node:os';
import * as path from 'node:path';
import { MigrationRefusedError } from '../core/errors.js';
import { systemClock } from '../core/effects/clock.js';
import { nodeFileSystem } from '../core/effects/fs.js';
import { createNodeGit } from '../core/effects/git.js';
import { legacyDefaultPaths } from '../core/legacy/default-paths.js';
import { inspectTarget, targetDefaultPaths, type ApplyOptions, type TargetInspection, type WriteResult } from '../core/database/index.js';
import { openTargetWriter, type TargetWriter } from '../core/database/apply-to-target.js';
import type { FileSystem } from '../core/effects/fs.js';
import { claudeConfigDir } from '../core/claude/index.js';
import {
  copyTranscripts,
  decideTranscriptCopies,
  type TranscriptCopyPlan,
  type TranscriptRelocation,
} from '../core/claude/relocate-transcript.js';
import { refuseSuspiciousClaudeDir } from '../core/claude/refuse-suspicious-claude-dir.js';
import type { Note } from '../core/note.js';
import type { MigrationPlan } from '../core/plan/types.js';
import type { ProgressEvent } from '../core/progress.js';
import { diskResumeBlockers } from '../core/resume/disk-resume-blockers.js';
import { runRecord } from '../core/ledger/append-run.js';
import { ledgerPath } from '../core/ledger/ledger-file.js';
import { completedRun, intendedRun } from '../core/ledger/record-run.js';
import { rollBackRun } from '../core/undo/roll-back-run.js';
import {
  relocateAgentDirectories,
  type AgentDirectoriesOptions,
  type AgentDirectoriesRun,
} from '../core/agent-directory/relocate-agent-directories.js';
import { addLiveAgentBlockers, findLiveLegacyAgents, legacyProcessNote, legacyRunningRefusal } from '../core/legacy-agents/live-legacy-agents.js';
import { tmuxSessionNames } from '../core/legacy-agents/tmux-session-names.js';
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
  const announced = new Set<Note>();
  const announce = (notes: readonly Note[]) => {
    for (const note of notes) {
      if (announced.has(note)) continue;
      announced.add(note);
      options.onNote?.(note);
    }
  };
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
    { mode: options.mode ?? 'restorable', now: now(), dataDir: targetOptions.dataDir },
    (sessionsRead) => {
      progress({ phase: 'read', completed: sessionsRead, total: sessionsRead });
      checkAbort();
    },
  );
  progress({ phase: 'plan', completed: plan.sessions.length, total: plan.sessions.length });
  announce(planNotes(plan));

  checkAbort();
  const inspection = await inspectTarget(plan, targetOptions);
  refuseSuspiciousClaudeDir(claudeDir, legacyRoot, env);
  const live = findLiveLegacyAgents(inspection.plan, { tmuxSessionNames: () => tmuxSessionNames(env) });
  if (!options.allowRunningLegacy) {
    const refusal = legacyRunningRefusal(live);
    if (refusal !== undefined) throw refusal;
  }
  progress({ phase: 'preconditions', completed: 1, total: 1 });
  announce([...inspection.notes, ...planNotes(inspection.plan)]);

  checkAbort();
  // Only sessions that will be (or are) in the database get their transcript copied.
  const inDatabase = new Set(
    inspection.sessions.filter((s) => s.status === 'created' || s.status === 'already-present').map((s) => s.id),
  );
  const relocation = { ...inspection.plan, sessions: inspection.plan.sessions.filter((s) => inDatabase.has(s.id)) };
  // Decided when they are made: in a real run once the database is held, so that a run started
  // beside another one sees the copies that one made instead of making (and recording) them again.
  const decideCopies = () => decideTranscriptCopies(relocation, { claudeDir, fs });
  const copyOptions = { fs, dryRun, onProgress: progress, shouldStop: () => options.signal?.aborted ?? false };

  const runAt = now();
  const copy = (transcriptPlan: TranscriptCopyPlan) => {
    const copied = copyTranscripts(transcriptPlan, copyOptions);
    announce([...copied.notes, ...copied.transcripts.flatMap((t) => t.notes)]);
    return copied;
  };
  const relocateAgents = (beforeWrite?: AgentDirectoriesOptions['beforeWrite']) => {
    const moved = relocateAgentDirectories(relocation, { env, homeDir, fs, dryRun, now: runAt, ...(beforeWrite === undefined ? {} : { beforeWrite }) });
    progress({ phase: 'agents', completed: moved.outcomes.length, total: moved.outcomes.length });
    announce([...moved.notes, ...moved.outcomes.flatMap((a) => a.notes)]);
    return moved;
  };

  let relocated: TranscriptRelocation;
  let agents: AgentDirectoriesRun;
  let written: Written;
  if (dryRun) {
    relocated = copy(decideCopies());
    agents = relocateAgents();
    written = { backupPath: null, projects: inspection.projects, sessions: inspection.sessions, notes: inspection.notes };
  } else {
    ({ relocated, agents, written } = await writeForReal(inspection, decideCopies, {
      targetOptions: { ...targetOptions, backup: options.backup ?? true },
      runAt,
      claudeDir,
      fs,
      copy,
      relocateAgents,
      checkAbort,
    }));
  }
  const { transcripts } = relocated;
  progress({ phase: 'database', completed: written.sessions.length, total: written.sessions.length });

  const diskBlockers = diskResumeBlockers(inspection.plan, { fs, git });
  addLiveAgentBlockers(diskBlockers.bySession, live);
  const report = buildReport({
    dryRun,
    plan: inspection.plan,
    dbPath: inspection.dbPath,
    schemaVersion: inspection.schemaVersion,
    release: inspection.release,
    backupPath: written.backupPath,
    ...(dryRun && inspection.inUseUnchecked !== undefined ? { inUseUnchecked: inspection.inUseUnchecked } : {}),
    projects: written.projects,
    sessions: written.sessions,
    targetNotes: [
      ...written.notes,
      ...relocated.notes,
      ...agents.notes,
      ...(live.legacyProcess === undefined ? [] : [legacyProcessNote(live.legacyProcess)]),
    ],
    transcripts,
    agentDirectories: agents.outcomes,
    diskBlockers,
  });
  announce(report.notes);
  progress({ phase: 'done', completed: 1, total: 1 });
  return report;
}

function planNotes(plan: MigrationPlan): Note[] {
  return [...plan.notes, ...plan.projects.flatMap((p) => p.notes), ...plan.sessions.flatMap((s) => s.notes)];
}

type Written = Pick<WriteResult, 'backupPath' | 'projects' | 'sessions' | 'notes'>;

/**
 * The real run, with the database held from start to end (see
 * `openTargetWriter`): the backup, the run's intent in the ledger before the
 * first copy (so `undo` can take back a run cut short at any moment), the
 * transcripts, the one transaction, then the ledger completed. Once the
 * database is held nothing can refuse the run but an abort, and an abort
 * takes back what the run had copied.
 */
async function writeForReal(
  inspection: TargetInspection,
  decideCopies: () => TranscriptCopyPlan,
  step: {
    targetOptions: Omit<ApplyOptions, 'beforeCommit'>;
    runAt: Date;
    claudeDir: string;
    fs: FileSystem;
    copy: (copies: TranscriptCopyPlan) => TranscriptRelocation;
    relocateAgents: (beforeWrite: NonNullable<AgentDirectoriesOptions['beforeWrite']>) => AgentDirectoriesRun;
    checkAbort: () => void;
  },
): Promise<{ relocated: TranscriptRelocation; agents: AgentDirectoriesRun; written: Written }> {
  const { fs } = step;
  const writer = await openTargetWriter(inspection, step.targetOptions);
  try {
    const copies = decideCopies();
    const file = ledgerPath(path.dirname(writer.dbPath));
    const record = runRecord(fs, file, step.runAt);
    let run = intendedRun(
      {
        runAt: step.runAt,
        dbPath: writer.dbPath,
        backupPath: writer.backupPath,
        mode: inspection.plan.mode,
        inserts: writer.inserts,
        plan: writer.plan,
        copies,
      },
      fs,
    );
    // A refusal writes nothing: the backup of a database left as it was goes again too.
    const dropBackup = () => writer.backupPath !== null && fs.rmSync(writer.backupPath, { force: true });
    const notes = [...writer.notes];
    try {
      notes.push(...record.update(run));
    } catch (error) {
      dropBackup();
      throw error;
    }
    const relocated = step.copy(copies);
    let agents: AgentDirectoriesRun = { outcomes: [], records: { codex: [], opencode: [] }, notes: [] };
    let rows: ReturnType<TargetWriter['write']>;
    try {
      step.checkAbort();
      // What each store is about to get goes into the ledger first; what it got replaces it after.
      agents = step.relocateAgents((planned) => {
        const recorded = run.agentDirectories ?? { codex: [], opencode: [] };
        run = { ...run, agentDirectories: { codex: [...recorded.codex, ...(planned.codex ?? [])], opencode: [...recorded.opencode, ...(planned.opencode ?? [])] } };
        notes.push(...record.update(run));
      });
      // Written again only when a store was to change: otherwise the record would say what it says.
      const storesChanged = run.agentDirectories !== undefined || agents.records.codex.length + agents.records.opencode.length > 0;
      run = { ...run, agentDirectories: agents.records };
      if (storesChanged) notes.push(...record.update(run));
      step.checkAbort();
      rows = writer.write(step.checkAbort);
    } catch (error) {
      if (!(error instanceof MigrationRefusedError)) throw error;
      const left = rollBackRun(fs, file, run, relocated.transcripts, step.claudeDir);
      dropBackup();
      throw new MigrationRefusedError(error.code, error.message, left);
    }
    const done = completedRun(run, { backupPath: writer.backupPath, ...rows, transcripts: relocated.transcripts });
    notes.push(...record.complete(done));
    const written = { backupPath: writer.backupPath, projects: rows.projects, sessions: rows.sessions, notes: [...notes, ...rows.notes] };
    return { relocated, agents, written };
  } finally {
    writer.close();
  }
}
