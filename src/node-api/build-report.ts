import type { AgentDirectoryOutcome } from '../core/agent-directory/types.js';
import type { TranscriptOutcome } from '../core/claude/index.js';
import type { Note } from '../core/note.js';
import { ITEM_STATUSES, type ItemStatus } from '../core/outcome.js';
import type { MigrationPlan } from '../core/plan/types.js';
import type { DiskResumeBlockers } from '../core/resume/disk-resume-blockers.js';
import type { ProjectOutcome, RewriteRelease, SessionOutcome } from '../core/database/index.js';
import type {
  MigrationReport,
  ProjectReport,
  SessionReport,
  StatusCounts,
  TranscriptReport,
  AgentDirectoryReport,
} from './report.js';
import { withoutUndefined } from '../core/without-undefined.js';
import { oneRestorePerWorktree, restoreCandidate } from '../core/resume/one-restore-per-worktree.js';
import { restoreCommand } from '../core/resume/row-resume-blockers.js';

export interface ReportInputs {
  dryRun: boolean;
  /** The plan as resolved against the target (adoptions, nums). */
  plan: MigrationPlan;
  dbPath: string;
  schemaVersion: number;
  release: RewriteRelease;
  backupPath: string | null;
  /** Why the dry run could not check whether another process has the database open, when it could not. */
  inUseUnchecked?: string;
  projects: ProjectOutcome[];
  sessions: SessionOutcome[];
  targetNotes: Note[];
  transcripts: TranscriptOutcome[];
  /** The codex and opencode sessions whose recorded directory was (or would be) made the managed worktree. */
  agentDirectories: AgentDirectoryOutcome[];
  /** What the disk says against a restore (project path gone, branch held by the legacy worktree). */
  diskBlockers: DiskResumeBlockers;
}

const RESTORABLE: ReadonlySet<ItemStatus> = new Set(['created', 'already-present']);

const HELD_LIVE =
  'The rewrite holds it live (restored already, or migrated with --mode live): `ao session restore` accepts only exited sessions.';

/** Joins the plan and the outcomes of each step into one report. Pure. */
export function buildReport(inputs: ReportInputs): MigrationReport {
  const { plan } = inputs;
  const projectOutcomes = new Map(inputs.projects.map((outcome) => [outcome.id, outcome]));
  const sessionOutcomes = queueById(inputs.sessions);
  const transcriptBySession = new Map(inputs.transcripts.map((t) => [t.sessionId, t]));
  const agentDirectoryBySession = new Map(inputs.agentDirectories.map((a) => [a.sessionId, a]));

  const projects: ProjectReport[] = plan.projects.map((planned) => {
    const outcome = projectOutcomes.get(planned.id);
    const config = planned.registryPath;
    if (planned.action === 'skip' || !outcome) {
      return { id: planned.id, config, status: 'skipped', reason: planned.reason ?? 'not planned' };
    }
    return withoutUndefined({ id: planned.id, config, status: outcome.status, reason: outcome.reason, adoptedAs: outcome.adoptedAs });
  });

  const judged = plan.sessions.map((planned) => {
    const outcome = sessionOutcomes.get(planned.id)?.shift();
    const status: ItemStatus = planned.action === 'skip' || !outcome ? 'skipped' : outcome.status;
    const reason = planned.action === 'skip' || !outcome ? (planned.reason ?? 'not planned') : outcome.reason;
    const blockers = status === 'skipped' ? [] : [...planned.resume.reasons, ...(inputs.diskBlockers.bySession.get(planned.id) ?? [])];
    if (!RESTORABLE.has(status)) blockers.unshift(`Not in the database (${status}).`);
    if (outcome?.heldLive) blockers.unshift(HELD_LIVE);
    const transcript = transcriptBySession.get(planned.id);
    if (transcript && !RESTORABLE.has(transcript.status)) {
      blockers.push(
        `Its Claude transcript is not at the destination (${transcript.status}: ${transcript.reason ?? 'no reason given'}).`,
      );
    }
    const notInWorktree = agentDirectoryBySession.get(planned.id)?.notResumable;
    if (status !== 'skipped' && notInWorktree !== undefined) blockers.push(notInWorktree);
    return { planned, outcome, status, reason, blockers };
  });

  // A restart from the prompt is offered only when nothing else stands against it.
  const restartOnly = (item: (typeof judged)[number]) => item.planned.resume.restartsFromPrompt === true && item.blockers.length === 1;
  const candidates = judged.filter((item) => item.status !== 'skipped' && item.planned.row !== undefined && (item.blockers.length === 0 || restartOnly(item)));
  const notOffered = oneRestorePerWorktree(
    candidates.map(({ planned, outcome }) => restoreCandidate(planned, outcome?.projectId ?? planned.projectId)),
  );

  const sessions: SessionReport[] = judged.map((item) => {
    const { planned, outcome, status, reason, blockers } = item;
    const offeredElsewhere = notOffered.get(planned.id);
    if (offeredElsewhere !== undefined) blockers.push(offeredElsewhere);
    const resumable = status !== 'skipped' && blockers.length === 0;
    const restart = !resumable && restartOnly(item);
    return withoutUndefined({
      id: planned.id,
      legacyId: planned.legacyId,
      projectId: outcome?.projectId ?? planned.projectId,
      kind: planned.kind,
      harness: planned.harness,
      status,
      resumable,
      resumeBlockers: blockers,
      reason,
      legacyWorktree: planned.legacyWorktree,
      resumeCommand: resumable ? restoreCommand(planned.id) : undefined,
      restartCommand: restart ? restoreCommand(planned.id) : undefined,
    });
  });

  const agentDirectories: AgentDirectoryReport[] = inputs.agentDirectories.map((a) =>
    withoutUndefined({
      sessionId: a.sessionId,
      harness: a.harness,
      agentSessionId: a.agentSessionId,
      resumeId: a.resumeId,
      status: a.status,
      reason: a.reason,
    }),
  );
  const transcripts: TranscriptReport[] = inputs.transcripts.map((t) =>
    withoutUndefined({
      sessionId: t.sessionId,
      uuid: t.uuid,
      source: t.source,
      destination: t.destination,
      status: t.status,
      reason: t.reason,
    }),
  );

  const notes: Note[] = [
    ...plan.notes,
    ...plan.projects.flatMap((p) => p.notes),
    ...plan.sessions.flatMap((s) => s.notes),
    ...inputs.targetNotes,
    ...inputs.diskBlockers.notes,
    ...inputs.transcripts.flatMap((t) => t.notes),
    ...inputs.agentDirectories.flatMap((a) => a.notes),
  ];

  return {
    reportVersion: 1,
    dryRun: inputs.dryRun,
    mode: plan.mode,
    target: withoutUndefined({
      dbPath: inputs.dbPath,
      schemaVersion: inputs.schemaVersion,
      release: inputs.release,
      backupPath: inputs.backupPath,
      inUseUnchecked: inputs.inUseUnchecked,
    }),
    projects,
    sessions,
    transcripts,
    agentDirectories,
    problems: [...plan.problems],
    notes,
    counts: {
      projects: countStatuses(projects),
      sessions: countStatuses(sessions),
      transcripts: countStatuses(transcripts),
      agentDirectories: countStatuses(agentDirectories),
    },
  };
}

export function countStatuses(items: readonly { status: ItemStatus }[]): StatusCounts {
  const counts = Object.fromEntries(ITEM_STATUSES.map((s) => [s, 0])) as StatusCounts;
  for (const item of items) counts[item.status] += 1;
  return counts;
}

function queueById<T extends { id: string }>(items: readonly T[]): Map<string, T[]> {
  const queues = new Map<string, T[]>();
  for (const item of items) {
    const queue = queues.get(item.id) ?? [];
    queue.push(item);
    queues.set(item.id, queue);
  }
  return queues;
}
