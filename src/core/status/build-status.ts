import type { TranscriptOutcome } from '../claude/relocate-transcript.js';
import type { FileSystem } from '../effects/fs.js';
import { statOrUndefined } from '../effects/fs.js';
import type { LegacySnapshot } from '../legacy/types.js';
import { terminalReason } from '../map/terminal.js';
import type { Note } from '../note.js';
import type { MigrationPlan, PlannedSession } from '../plan/types.js';
import { oneRestorePerWorktree, restoreCandidate } from '../resume/one-restore-per-worktree.js';
import { restoreCommand } from '../resume/row-resume-blockers.js';
import { type DiskResumeBlockers, projectPathGone } from '../resume/disk-resume-blockers.js';
import type { ProjectOutcome, SessionOutcome } from '../database/target-outcomes.js';
import type { TargetSchema } from '../database/schema/refuse-unfit-schema.js';
import { storedRowBlockers, type StoredSessionState } from './read-session-states.js';
import type { ProjectStatus, SessionStatus, StatusReport } from './types.js';

export interface StatusInputs {
  dbPath: string;
  schema: TargetSchema;
  snapshot: LegacySnapshot;
  /** The plan resolved against the database; its sessions line up with the snapshot's, index for index. */
  plan: MigrationPlan;
  projects: readonly ProjectOutcome[];
  /** Reconciliation outcomes, in plan order: `already-present` means migrated. */
  sessions: readonly SessionOutcome[];
  stored: ReadonlyMap<string, StoredSessionState>;
  /** Dry-run relocation of the migrated sessions' transcripts. */
  transcripts: readonly TranscriptOutcome[];
  diskBlockers: DiskResumeBlockers;
  notes: Note[];
  fs: FileSystem;
}

/** Joins what the store, the database and the buckets say into one report. Reads the disk only for project paths. */
export function buildStatus(inputs: StatusInputs): StatusReport {
  const transcripts = new Map(inputs.transcripts.map((t) => [t.sessionId, t]));

  const projects: ProjectStatus[] = inputs.plan.projects.map((planned, index) => {
    const outcome = inputs.projects[index];
    const migrated = outcome?.status === 'already-present';
    const reasons: string[] = [];
    if (!migrated) reasons.push(notMigrated(outcome?.status, outcome?.reason ?? planned.reason));
    const gone = planned.row === undefined ? undefined : projectPathGone(inputs.fs, planned.row.path);
    if (gone !== undefined) reasons.push(gone);
    return { id: planned.id, config: planned.registryPath, migrated, reasons };
  });

  const judged: { planned: PlannedSession; projectId: string; migrated: boolean; reasons: string[]; restartsFromPrompt: boolean }[] = [];
  inputs.snapshot.sessions.forEach((legacy, index) => {
    const planned = inputs.plan.sessions[index];
    const outcome = inputs.sessions[index];
    if (terminalReason(legacy) !== undefined || planned === undefined || outcome === undefined) return;
    const stored = inputs.stored.get(planned.id);
    const migrated = outcome.status === 'already-present' && stored !== undefined;
    const reasons: string[] = [];
    let restartsFromPrompt = false;
    if (migrated) {
      const readiness = storedRowBlockers(stored, planned.row?.workspace_path ?? '', planned.agent);
      reasons.push(...readiness.reasons);
      restartsFromPrompt = readiness.restartsFromPrompt === true;
      const transcript = transcripts.get(planned.id);
      if (transcript !== undefined && !transcriptInPlace(inputs.fs, transcript)) reasons.push(transcriptReason(transcript));
    } else {
      reasons.push(notMigrated(outcome.status, outcome.reason));
      if (planned.action === 'create') reasons.push(...planned.resume.reasons);
    }
    reasons.push(...(inputs.diskBlockers.bySession.get(planned.id) ?? []));
    judged.push({ planned, projectId: outcome.projectId, migrated, reasons, restartsFromPrompt });
  });

  const restartOnly = (item: (typeof judged)[number]) => item.restartsFromPrompt && item.reasons.length === 1;
  const notOffered = oneRestorePerWorktree(
    judged
      .filter((item) => item.migrated && (item.reasons.length === 0 || restartOnly(item)))
      .map((item) => restoreCandidate(item.planned, item.projectId)),
  );
  const sessions: SessionStatus[] = judged.map((item) => {
    const { planned, projectId, migrated, reasons } = item;
    const offeredElsewhere = notOffered.get(planned.id);
    if (offeredElsewhere !== undefined) reasons.push(offeredElsewhere);
    const resumable = migrated && reasons.length === 0;
    const restart = !resumable && restartOnly(item);
    return {
      id: planned.id,
      ...(planned.legacyId === undefined ? {} : { legacyId: planned.legacyId }),
      projectId,
      migrated,
      resumable,
      reasons,
      ...(resumable ? { resumeCommand: restoreCommand(planned.id) } : {}),
      ...(restart ? { restartCommand: restoreCommand(planned.id) } : {}),
      ...(planned.legacyWorktree === undefined ? {} : { legacyWorktree: planned.legacyWorktree }),
    };
  });

  return {
    reportVersion: 1,
    dbPath: inputs.dbPath,
    schemaVersion: inputs.schema.version,
    release: inputs.schema.release,
    projects,
    sessions,
    problems: [...inputs.plan.problems],
    notes: [...inputs.notes, ...inputs.diskBlockers.notes],
  };
}

function notMigrated(status: string | undefined, reason: string | undefined): string {
  if (status === 'created') return 'Not migrated yet: `ao-migrate` would create it (`ao-migrate --dry-run` shows how).';
  return `Not migrated: ${reason ?? status ?? 'not planned'}.`;
}

/**
 * At the destination and complete. A source that is gone (legacy bucket
 * cleaned up) says nothing about the destination, so that is looked at.
 */
function transcriptInPlace(fs: FileSystem, transcript: TranscriptOutcome): boolean {
  if (transcript.status === 'already-present') return true;
  return transcript.status === 'skipped' && transcript.destination.endsWith('.jsonl') && statOrUndefined(fs, transcript.destination)?.isFile() === true;
}

function transcriptReason(transcript: TranscriptOutcome): string {
  if (transcript.status === 'created') {
    return `Its Claude transcript is missing or incomplete at ${transcript.destination}: run \`ao-migrate\` to copy it.`;
  }
  return `Its Claude transcript is not at ${transcript.destination} (${transcript.status}: ${transcript.reason ?? 'no reason given'}).`;
}
