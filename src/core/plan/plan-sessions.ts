import type { AgentDefaults, LegacySession } from '../legacy/types.js';
import { type SessionMapping, mapSession } from '../map/map-session.js';
import { naturalNum } from '../map/num.js';
import { sessionHarness } from '../map/session-harness.js';
import { sessionKind } from '../map/session-kind.js';
import { sessionSkipReason } from '../map/session-skip-reason.js';
import type { ProjectTarget } from './plan-projects.js';
import { rowResumeReadiness, skippedResumeReadiness } from './resume-readiness.js';
import type { ImportMode, PlannedSession } from './types.js';

export interface SessionPlanContext {
  targets: ReadonlyMap<string, ProjectTarget>;
  defaults: AgentDefaults;
  mode: ImportMode;
  now: Date;
  /** The rewrite's data dir, symlinks resolved: where managed worktrees go. */
  dataDir: string;
}

interface Candidate {
  session: LegacySession;
  target: Extract<ProjectTarget, { rowId: string }>;
  /** Position in the snapshot, so the plan keeps the snapshot's order. */
  index: number;
}

/**
 * Plans every session of the snapshot, in its order. Within one target
 * project, every session first claims its natural `num` (in id order), and
 * only then do the others get numbers above all of those: a fallback never
 * steals a number a later session names (migration-rules §4).
 */
export function planSessions(sessions: readonly LegacySession[], context: SessionPlanContext): PlannedSession[] {
  const planned: PlannedSession[] = new Array(sessions.length);

  const candidates: Candidate[] = [];
  sessions.forEach((session, index) => {
    const target = context.targets.get(session.projectId);
    if (target === undefined) {
      const reason = `project '${session.projectId}' is not in the registry`;
      planned[index] = skippedSession(session, undefined, reason, context.defaults);
    } else if ('skipReason' in target) {
      const reason = `project '${session.projectId}' is not migrated: ${target.skipReason}`;
      planned[index] = skippedSession(session, target, reason, context.defaults);
    } else {
      candidates.push({ session, target, index });
    }
  });

  // `sessions.id` is global: of several live sessions with one id, the one of
  // the earliest registry project gets the row, whatever the file order.
  const projectOrder = new Map([...context.targets.keys()].map((id, order) => [id, order]));
  const rank = (candidate: Candidate) => projectOrder.get(candidate.session.projectId) ?? 0;
  const migratedIn = new Map<string, string>();
  const groups = new Map<string, Candidate[]>();
  for (const candidate of [...candidates].sort((a, b) => rank(a) - rank(b) || a.index - b.index)) {
    const { session, target, index } = candidate;
    if (sessionSkipReason(session) === undefined) {
      const owner = migratedIn.get(session.id);
      if (owner !== undefined) {
        const reason = `session id '${session.id}' is already migrated from project '${owner}'`;
        planned[index] = skippedSession(session, target, reason, context.defaults);
        continue;
      }
      migratedIn.set(session.id, session.projectId);
    }
    const group = groups.get(target.rowId) ?? [];
    group.push(candidate);
    groups.set(target.rowId, group);
  }

  for (const group of groups.values()) {
    for (const { candidate, mapping } of mapGroup(group, context)) {
      planned[candidate.index] = plannedSession(candidate.session, mapping, context.mode);
    }
  }
  return planned;
}

/** Maps the sessions of one target project with the two-pass `num` order. */
function mapGroup(group: Candidate[], context: SessionPlanContext) {
  const ordered = [...group].sort((a, b) => compareIds(a.session.id, b.session.id));

  const naturalOwner = new Map<number, string>();
  for (const { session, target } of ordered) {
    if (sessionSkipReason(session) !== undefined) continue;
    const num = naturalNum(session.id, target.sessionPrefix, target.rowId);
    if (num !== undefined && !naturalOwner.has(num)) naturalOwner.set(num, session.id);
  }

  const inUse = new Set(naturalOwner.keys());
  return ordered.map((candidate) => {
    const { session, target } = candidate;
    const own = naturalNum(session.id, target.sessionPrefix, target.rowId);
    const ownsNatural = own !== undefined && naturalOwner.get(own) === session.id;
    // A session's own claim is not "taken" from its own point of view.
    if (ownsNatural) inUse.delete(own);
    const mapping = mapSession(session, {
      project: target.project,
      projectRowId: target.rowId,
      sessionPrefix: target.sessionPrefix,
      daemonSessionPrefix: target.daemonPrefix,
      dataDir: context.dataDir,
      defaults: context.defaults,
      mode: context.mode,
      takenNums: inUse,
      now: context.now,
    });
    if (ownsNatural) inUse.add(own);
    if (mapping.action === 'create') inUse.add(mapping.row.num);
    return { candidate, mapping };
  });
}

function plannedSession(session: LegacySession, mapping: SessionMapping, mode: ImportMode): PlannedSession {
  const { id, projectId } = session;
  const { kind, harness, agent, notes } = mapping;
  if (mapping.action === 'skip') {
    const resume = skippedResumeReadiness(mapping.reason);
    return { id, projectId, kind, harness, action: 'skip', reason: mapping.reason, resume, notes };
  }
  // Built field by field, not by spreading: this runs for every session of the store.
  const { row } = mapping;
  const resume = rowResumeReadiness(row, mode, agent);
  const planned: PlannedSession = { id, projectId, kind, harness, action: 'create', row, resume, notes };
  if (agent !== undefined) planned.agent = agent;
  if (session.worktree !== undefined && session.worktree !== '') planned.legacyWorktree = session.worktree;
  if (harness === 'claude-code' && session.claudeSessionUuid) planned.claudeSessionUuid = session.claudeSessionUuid;
  if (session.tmuxName !== undefined && session.tmuxName !== id) planned.legacyTmuxName = session.tmuxName;
  return planned;
}

function skippedSession(
  session: LegacySession,
  target: ProjectTarget | undefined,
  reason: string,
  defaults: AgentDefaults,
): PlannedSession {
  const kind = sessionKind(session, target?.sessionPrefix);
  const { harness } = sessionHarness(session, kind, target?.project.behaviour, defaults);
  return {
    id: session.id,
    projectId: session.projectId,
    kind,
    harness,
    action: 'skip',
    reason,
    resume: skippedResumeReadiness(reason),
    notes: [],
  };
}

/** Code-unit order: the same on every machine, unlike `localeCompare`. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
