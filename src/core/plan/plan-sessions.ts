import type { LegacySession } from '../legacy/types.js';
import { checkoutOrchestratorBranch } from '../map/checkout-orchestrator-branch.js';
import { freeSessionId } from '../map/free-session-id.js';
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
  mode: ImportMode;
  now: Date;
  /** The rewrite's data dir, symlinks resolved: where managed worktrees go. */
  dataDir: string;
  /** Expands `~` in paths compared with the project path. */
  homeDir: string;
}

interface Candidate {
  /** As read; for a renamed session, with its new id (and `legacyId` set). */
  session: LegacySession;
  target: Extract<ProjectTarget, { rowId: string }>;
  /** Position in the snapshot, so the plan keeps the snapshot's order. */
  index: number;
  legacyId?: string;
  renameNote?: string;
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
      planned[index] = skippedSession(session, undefined, reason);
    } else if ('skipReason' in target) {
      const reason = `project '${session.projectId}' is not migrated: ${target.skipReason}`;
      planned[index] = skippedSession(session, target, reason);
    } else {
      candidates.push({ session, target, index });
    }
  });

  // `sessions.id` is global: of several live sessions with one id, the one of
  // the earliest registry project keeps it, whatever the file order; each
  // other one gets a free id in its own project (no session is lost).
  const projectOrder = new Map([...context.targets.keys()].map((id, order) => [id, order]));
  const rank = (candidate: Candidate) => projectOrder.get(candidate.session.projectId) ?? 0;
  const isLive = (candidate: Candidate) => sessionSkipReason(candidate.session) === undefined;
  const keeper = new Map<string, LegacySession>();
  const takenIds = new Set(candidates.filter(isLive).map((candidate) => candidate.session.id));
  const renamed: Candidate[] = [];
  const groups = new Map<string, Candidate[]>();
  const addToGroup = (candidate: Candidate) => {
    const group = groups.get(candidate.target.rowId) ?? [];
    group.push(candidate);
    groups.set(candidate.target.rowId, group);
  };
  for (const candidate of [...candidates].sort((a, b) => rank(a) - rank(b) || a.index - b.index)) {
    if (isLive(candidate)) {
      if (keeper.has(candidate.session.id)) {
        renamed.push(candidate);
        continue;
      }
      keeper.set(candidate.session.id, candidate.session);
    }
    addToGroup(candidate);
  }
  // After every kept id is known: the new ids must be free of all of them.
  for (const candidate of renamed) {
    const { session, target } = candidate;
    const nums = (groups.get(target.rowId) ?? []).flatMap(({ session: other, target: its }) => {
      const num = naturalNum(other.id, its.sessionPrefix, its.rowId);
      return num === undefined ? [] : [num];
    });
    const kind = sessionKind(session, target.sessionPrefix);
    const id = freeSessionId(kind, target.sessionPrefix, nums, (taken) => takenIds.has(taken));
    takenIds.add(id);
    const owner = keeper.get(session.id);
    addToGroup({
      ...candidate,
      session: { ...session, id, ...(kind === 'orchestrator' ? { role: 'orchestrator' } : {}) },
      legacyId: session.id,
      renameNote:
        `Was ${session.id} in legacy; that id belongs to ${owner?.projectId === session.projectId ? 'another session of ' : ''}` +
        `project '${owner?.projectId}' (${owner?.file}), so this session becomes ${id}.`,
    });
  }

  for (const group of groups.values()) {
    for (const { candidate, mapping } of mapGroup(group, context)) {
      planned[candidate.index] = plannedSession(candidate, mapping, context.mode);
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
      defaults: target.defaults,
      mode: context.mode,
      takenNums: inUse,
      now: context.now,
    });
    if (ownsNatural) inUse.add(own);
    if (mapping.action === 'create') {
      inUse.add(mapping.row.num);
      const ownBranch = checkoutOrchestratorBranch(session, mapping.kind, target.project.path, context.homeDir);
      if (ownBranch !== undefined) {
        mapping.row.branch = ownBranch.branch;
        mapping.notes.push({ scope: 'session', id: session.id, message: ownBranch.note });
      }
    }
    return { candidate, mapping };
  });
}

function plannedSession(candidate: Candidate, mapping: SessionMapping, mode: ImportMode): PlannedSession {
  const { session, legacyId, renameNote } = candidate;
  const { id, projectId } = session;
  const { kind, harness, agent } = mapping;
  const notes = renameNote === undefined ? mapping.notes : [{ scope: 'session' as const, id, message: renameNote }, ...mapping.notes];
  if (mapping.action === 'skip') {
    const resume = skippedResumeReadiness(mapping.reason);
    return { id, ...(legacyId === undefined ? {} : { legacyId }), projectId, kind, harness, action: 'skip', reason: mapping.reason, resume, notes };
  }
  // Built field by field, not by spreading: this runs for every session of the store.
  const { row } = mapping;
  const resume = rowResumeReadiness(row, mode, agent);
  const planned: PlannedSession = { id, projectId, kind, harness, action: 'create', row, resume, notes };
  if (agent !== undefined) planned.agent = agent;
  if (legacyId !== undefined) planned.legacyId = legacyId;
  if (mapping.legacyAgentSessionId !== undefined) planned.legacyAgentSessionId = mapping.legacyAgentSessionId;
  if (session.worktree !== undefined && session.worktree !== '') planned.legacyWorktree = session.worktree;
  // Recorded or inferred (see `inferClaudeSessionIds`).
  if (harness === 'claude-code' && row.agent_session_id !== '') planned.claudeSessionUuid = row.agent_session_id;
  // The legacy agent ran under its recorded tmux name, else under its legacy id.
  const legacyTmux = session.tmuxName ?? legacyId;
  if (legacyTmux !== undefined && legacyTmux !== id) planned.legacyTmuxName = legacyTmux;
  return planned;
}

function skippedSession(session: LegacySession, target: ProjectTarget | undefined, reason: string): PlannedSession {
  const kind = sessionKind(session, target?.sessionPrefix);
  const { harness } = sessionHarness(session, kind, target?.project.behaviour, target?.defaults ?? {});
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
