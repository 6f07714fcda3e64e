import type { AgentDefaults, LegacyProject, LegacySession } from '../legacy/types.js';
import type { Note } from '../note.js';
import type { ImportMode } from '../plan/types.js';
import { managedWorktreePath } from '../database/managed-worktree-path.js';
import { formatDaemonTime } from '../time/daemon-time.js';
import { sessionActivity } from './activity.js';
import { agentSessionId, idInManagedWorktree } from './agent-session-id.js';
import type { HarnessColumnValue } from './harness.js';
import { assignNum } from './num.js';
import type { SessionKind, SessionRow } from './rows.js';
import { sessionHarness } from './session-harness.js';
import { sessionKind } from './session-kind.js';
import { sessionSkipReason } from './session-skip-reason.js';
import { parseIsoTime } from './parse-iso-time.js';
import { type TimeCandidate, firstValidTime } from './timestamp-chain.js';

export interface SessionMapContext {
  project: LegacyProject;
  /** The `projects.id` the row belongs to. */
  projectRowId: string;
  /** The project's legacy session prefix (registry value or derived). */
  sessionPrefix: string;
  /** The prefix the daemon uses for that project's orchestrator worktree (`daemonSessionPrefix`). */
  daemonSessionPrefix: string;
  /** The rewrite's data dir, symlinks resolved as the daemon does (`resolveExistingAncestor`): managed worktrees live under it. */
  dataDir: string;
  defaults: AgentDefaults;
  mode: ImportMode;
  /** Nums OTHER rows of the project hold (existing or planned); see `assignNum`. */
  takenNums: ReadonlySet<number>;
  /** Last timestamp fallback, after the file's mtime. */
  now: Date;
}

/**
 * `agent`: the legacy agent that ran the session, when known (also when the
 * rewrite does not know it). `legacyAgentSessionId`: the id the legacy store
 * recorded, when the row resumes another (a codex thread's copy).
 */
export type SessionMapping = { kind: SessionKind; harness: HarnessColumnValue; agent?: string; notes: Note[] } & (
  | { action: 'create'; row: SessionRow; legacyAgentSessionId?: string }
  | { action: 'skip'; reason: string }
);

type TimeSource =
  | 'lifecycle.session.lastTransitionAt'
  | 'lifecycle.runtime.lastObservedAt'
  | 'lifecycle.session.startedAt'
  | 'restoredAt'
  | 'escalatedAt'
  | 'createdAt'
  | 'the file mtime'
  | 'the current time';

/** A non-terminal legacy session → the v12 `sessions` row (migration-rules §2–§4). Pure. */
export function mapSession(session: LegacySession, context: SessionMapContext): SessionMapping {
  const kind = sessionKind(session, context.sessionPrefix);
  const choice = sessionHarness(session, kind, context.project.behaviour, context.defaults);
  const { harness, agent } = choice;
  const identity = { kind, harness, ...(agent === undefined ? {} : { agent }) };

  const skipReason = sessionSkipReason(session);
  if (skipReason !== undefined) return { action: 'skip', reason: skipReason, ...identity, notes: [] };

  const notes: Note[] = [];
  const note = (message: string) => notes.push({ scope: 'session', id: session.id, message });
  if (choice.note) note(choice.note);

  const num = assignNum(session.id, context.sessionPrefix, context.takenNums, context.projectRowId);
  if (num.note) note(num.note);

  const resumeId = agentSessionId(session, harness);
  // The daemon restores only into its own managed worktree (rewrite-today §3); the legacy one stays in the plan.
  const managedPath = managedWorktreePath(context.dataDir, context.projectRowId, session.id, kind, context.daemonSessionPrefix);
  if (resumeId.note) note(resumeId.note);

  const times = sessionTimes(session, context.now);
  for (const message of times.notes) note(message);

  if (session.codexModel !== undefined) note(`codexModel '${session.codexModel}' has no column in the rewrite; dropped.`);
  if (session.restoreFallbackReason !== undefined) {
    note(`restoreFallbackReason '${session.restoreFallbackReason}' has no column in the rewrite; dropped.`);
  }

  const row: SessionRow = {
    id: session.id,
    project_id: context.projectRowId,
    num: num.num,
    issue_id: session.issue ?? '',
    kind,
    harness,
    ...sessionActivity(session, context.mode),
    activity_last_at: times.activityLastAt,
    branch: session.branch ?? '',
    workspace_path: managedPath,
    runtime_handle_id: '',
    agent_session_id: idInManagedWorktree(harness, resumeId.id, managedPath),
    prompt: session.userPrompt ?? '',
    created_at: times.createdAt,
    updated_at: times.updatedAt,
    display_name: session.displayName ?? '',
    first_signal_at: times.activityLastAt,
  };
  const mapped = { action: 'create' as const, row, ...identity, notes };
  return row.agent_session_id === resumeId.id ? mapped : { ...mapped, legacyAgentSessionId: resumeId.id };
}

/** The timestamp chains of migration-rules §3, in the daemon's text form. */
function sessionTimes(session: LegacySession, now: Date) {
  const lastTransition: TimeCandidate<TimeSource> = {
    source: 'lifecycle.session.lastTransitionAt',
    value: session.lifecycle?.session?.lastTransitionAt,
  };
  const lastObserved: TimeCandidate<TimeSource> = {
    source: 'lifecycle.runtime.lastObservedAt',
    value: session.lifecycle?.runtime?.lastObservedAt,
  };
  const started: TimeCandidate<TimeSource> = {
    source: 'lifecycle.session.startedAt',
    value: session.lifecycle?.session?.startedAt,
  };
  const created: TimeCandidate<TimeSource> = { source: 'createdAt', value: session.createdAt };
  const tail: TimeCandidate<TimeSource>[] = [
    { source: 'the file mtime', value: session.fileMtime },
    { source: 'the current time', value: now },
  ];

  // The chains share candidates: parse each text once.
  const parsed = new Map<string, Date | undefined>();
  const parse = (text: string) => {
    if (!parsed.has(text)) parsed.set(text, parseIsoTime(text));
    return parsed.get(text);
  };
  const later = laterThanCreation(session, parse);
  const activity = firstValidTime([lastTransition, lastObserved, ...later, created, ...tail], parse);
  const creation = firstValidTime([created, started, ...tail], parse);
  const update = firstValidTime([lastTransition, ...later, created, ...tail], parse);

  const notes: string[] = [];
  const invalid = new Map<string, string>();
  for (const chosen of [activity, creation, update]) {
    for (const { source, value } of chosen?.invalid ?? []) invalid.set(source, value);
  }
  for (const [source, value] of invalid) notes.push(`${source} '${value}' is not a valid time; ignored.`);
  if (creation && creation.source !== 'createdAt') notes.push(`created_at taken from ${creation.source}.`);

  const text = (chosen: typeof activity) => formatDaemonTime(chosen?.date ?? now);
  return { activityLastAt: text(activity), createdAt: text(creation), updatedAt: text(update), notes };
}

/**
 * What says the session was touched after its creation, for the
 * `updated_at`/`activity_last_at` chains: `restoredAt` and `escalatedAt`
 * (0.2.x), the newer first, and the file mtime before both when it is newer
 * still (legacy wrote the file since). Unusable ones come first, so that
 * they are noted.
 */
function laterThanCreation(session: LegacySession, parse: (text: string) => Date | undefined): TimeCandidate<TimeSource>[] {
  const candidates: TimeCandidate<TimeSource>[] = [
    { source: 'restoredAt', value: session.restoredAt },
    { source: 'escalatedAt', value: session.escalatedAt },
  ];
  const dated = candidates.flatMap((candidate) => {
    if (candidate.value === undefined) return [];
    const date = typeof candidate.value === 'string' ? parse(candidate.value) : candidate.value;
    return [{ candidate, time: date?.getTime() }];
  });
  const invalid = dated.filter(({ time }) => time === undefined || Number.isNaN(time)).map(({ candidate }) => candidate);
  const valid = dated
    .filter(({ time }) => time !== undefined && !Number.isNaN(time))
    .sort((a, b) => (b.time ?? 0) - (a.time ?? 0));
  const newest = valid[0]?.time;
  const mtimeFirst = newest !== undefined && session.fileMtime.getTime() > newest;
  return [
    ...invalid,
    ...(mtimeFirst ? [{ source: 'the file mtime' as const, value: session.fileMtime }] : []),
    ...valid.map(({ candidate }) => candidate),
  ];
}
