import * as path from 'node:path';
import { z } from 'zod';
import { freeSessionId } from '../map/free-session-id.js';
import { naturalNum } from '../map/num.js';
import type { ProjectRow, SessionRow } from '../map/rows.js';
import type { Note } from '../note.js';
import type { ItemStatus } from '../outcome.js';
import type { MigrationPlan, PlannedProject, PlannedSession } from '../plan/types.js';
import { idInManagedWorktree } from '../map/agent-session-id.js';
import { daemonSessionPrefix, managedWorktreePath } from './managed-worktree-path.js';
import { reassignNums, type NumCandidate } from './reassign-nums.js';
import { sessionIdentityDifferences } from './session-identity.js';
import type { ProjectOutcome, SessionOutcome } from './target-outcomes.js';
import type { ExistingProject, ExistingSession, TargetState } from './target-state.js';

/** The plan measured against the database: outcomes, the resolved plan, and exactly the rows to insert. */
export interface Reconciliation {
  plan: MigrationPlan;
  projects: ProjectOutcome[];
  sessions: SessionOutcome[];
  notes: Note[];
  inserts: { projects: ProjectRow[]; sessions: SessionRow[] };
}

/** Where a planned project's sessions go, or why they cannot. */
type ProjectResolution =
  | { open: true; targetId: string; /** The daemon's prefix there: names the orchestrator's managed worktree. */ sessionPrefix: string }
  | { open: false; status: ItemStatus; reason: string };

const StoredConfig = z.object({ sessionPrefix: z.string().optional() }).loose();

/**
 * migration-rules §4–§6 against what the database holds. Pure: the same
 * plan and state give the same answer, so the write run can reconcile again
 * inside its transaction and get what the inspection showed.
 */
export function reconcilePlan(plan: MigrationPlan, state: TargetState): Reconciliation {
  const notes: Note[] = [];
  const inserts: Reconciliation['inserts'] = { projects: [], sessions: [] };

  const existingById = new Map(state.projects.map((project) => [project.id, project]));
  const owners = new Map<string, { id: string; sessionPrefix: string }>();
  for (const project of state.projects) {
    owners.set(path.resolve(project.path), { id: project.id, sessionPrefix: storedSessionPrefix(project) });
  }

  const resolutions = new Map<string, ProjectResolution>();
  const projectOutcomes: ProjectOutcome[] = [];
  const resolvedProjects: PlannedProject[] = plan.projects.map((planned) => {
    const { outcome, resolution, resolved } = reconcileProject(planned, existingById, owners, notes, inserts);
    projectOutcomes.push(outcome);
    if (!resolutions.has(planned.id)) resolutions.set(planned.id, resolution);
    return resolved;
  });

  const prefixes = new Map(plan.projects.map((planned) => [planned.id, planned.sessionPrefix]));
  const sessionPass = reconcileSessions(plan, state, resolutions, prefixes, notes);
  inserts.sessions.push(...sessionPass.inserts);

  return {
    plan: { ...plan, projects: resolvedProjects, sessions: sessionPass.resolved },
    projects: projectOutcomes,
    sessions: sessionPass.outcomes,
    notes,
    inserts,
  };
}

function reconcileProject(
  planned: PlannedProject,
  existingById: ReadonlyMap<string, ExistingProject>,
  owners: Map<string, { id: string; sessionPrefix: string }>,
  notes: Note[],
  inserts: Reconciliation['inserts'],
): { outcome: ProjectOutcome; resolution: ProjectResolution; resolved: PlannedProject } {
  const { id } = planned;
  if (planned.action === 'skip' || planned.row === undefined) {
    const reason = planned.reason ?? 'the plan holds no row for it';
    const status: ItemStatus = planned.action === 'skip' ? 'skipped' : 'failed';
    return {
      outcome: { id, status, reason },
      resolution: { open: false, status, reason: `its project ${id} is not migrated: ${reason}` },
      resolved: planned,
    };
  }
  const row = planned.row;
  const rowPath = path.resolve(row.path);

  const sameId = existingById.get(id);
  if (sameId !== undefined) {
    if (path.resolve(sameId.path) !== rowPath) {
      const reason = `the rewrite already has a project ${id} at ${sameId.path}, not at ${row.path}`;
      return {
        outcome: { id, status: 'conflict', reason },
        resolution: { open: false, status: 'conflict', reason: `its project ${id} conflicts: ${reason}` },
        resolved: planned,
      };
    }
    // The daemon uses the stored row's config, not the one we would have written.
    const sessionPrefix = storedSessionPrefix(sameId);
    return {
      outcome: { id, status: 'already-present' },
      resolution: { open: true, targetId: id, sessionPrefix },
      resolved: { ...planned, sessionPrefix },
    };
  }

  const owner = owners.get(rowPath);
  if (owner !== undefined) {
    notes.push({
      scope: 'project',
      id,
      message:
        `The rewrite already registers ${row.path} as project ${owner.id}: ` +
        `no new project row; the sessions of ${id} go to ${owner.id}.`,
    });
    return {
      outcome: { id, status: 'already-present', adoptedAs: owner.id },
      resolution: { open: true, targetId: owner.id, sessionPrefix: owner.sessionPrefix },
      resolved: { ...planned, sessionPrefix: owner.sessionPrefix, adoptedAs: owner.id },
    };
  }

  inserts.projects.push(row);
  // A later planned project with the same path is adopted into this one (the daemon refuses duplicate paths).
  owners.set(rowPath, { id, sessionPrefix: planned.sessionPrefix });
  return {
    outcome: { id, status: 'created' },
    resolution: { open: true, targetId: id, sessionPrefix: planned.sessionPrefix },
    resolved: planned,
  };
}

function reconcileSessions(
  plan: MigrationPlan,
  state: TargetState,
  resolutions: ReadonlyMap<string, ProjectResolution>,
  prefixes: ReadonlyMap<string, string>,
  notes: Note[],
): { outcomes: SessionOutcome[]; resolved: PlannedSession[]; inserts: SessionRow[] } {
  const existingById = new Map(state.sessions.map((session) => [session.id, session]));
  const outcomes: SessionOutcome[] = [];
  const resolved: PlannedSession[] = [];
  // New rows are numbered after every planned session has been seen, per project.
  const pending: PendingRow[] = [];
  const newIds = new Set<string>();
  // Stored rows already matched, and the ids the plan gives sessions as they are: never matched by identity alone.
  const claimed = new Set<string>();
  const plannedIds = new Set(plan.sessions.flatMap((s) => (s.action === 'create' && s.legacyId === undefined ? [s.id] : [])));

  for (const planned of plan.sessions) {
    const { id } = planned;
    if (planned.action === 'skip' || planned.row === undefined) {
      const status: ItemStatus = planned.action === 'skip' ? 'skipped' : 'failed';
      const reason = planned.reason ?? 'the plan holds no row for it';
      outcomes.push({ id, projectId: planned.projectId, status, reason });
      resolved.push(planned);
      continue;
    }
    // The row's project, not the legacy one: a project adopted within the plan sends its sessions to its owner.
    const resolution = resolutions.get(planned.row.project_id);
    if (resolution === undefined || !resolution.open) {
      const blocked = resolution ?? {
        status: 'skipped' as const,
        reason: `its project ${planned.projectId} is not in the plan`,
      };
      outcomes.push({ id, projectId: planned.projectId, status: blocked.status, reason: blocked.reason });
      resolved.push(planned);
      continue;
    }

    // Adoption may change the project, and a rename the id: with them, the managed worktree the daemon restores into.
    const managedPath = (sessionId: string) => managedWorktreePath(plan.dataDir, resolution.targetId, sessionId, planned.kind, resolution.sessionPrefix);
    // A codex thread's copy is named after the managed worktree too.
    const legacyAgentId = planned.legacyAgentSessionId ?? planned.row.agent_session_id;
    const inWorktree = (sessionId: string) => {
      const workspace = managedPath(sessionId);
      return { workspace_path: workspace, agent_session_id: idInManagedWorktree(planned.harness, legacyAgentId, workspace) };
    };
    const row = placed(planned.row, resolution.targetId, inWorktree(id));
    const existing = existingById.get(id);
    const differences = existing === undefined ? [] : sessionIdentityDifferences(existing, row);
    if (existing !== undefined && differences.length === 0) {
      claimed.add(id);
      const present: SessionOutcome = { id, projectId: row.project_id, status: 'already-present', num: existing.num, ...(existing.live ? { heldLive: true } : {}) };
      outcomes.push(withLegacyId(present, planned.legacyId));
      resolved.push({ ...planned, projectId: row.project_id, row: { ...row, num: existing.num } });
      continue;
    }
    // A session renamed because another project's session has its legacy id,
    // or whose id the rewrite already gives another project's session: it is
    // found again by project and identity (so a re-run adds nothing), else
    // it gets an id that is free (so nothing is lost).
    const renameable = planned.legacyId !== undefined || (existing !== undefined && existing.projectId !== row.project_id);
    if (existing !== undefined && !renameable) {
      outcomes.push({
        id,
        projectId: row.project_id,
        status: 'conflict',
        reason: `the rewrite already has a session ${id} with another identity: ${differences.join('; ')}`,
      });
      resolved.push({ ...planned, projectId: row.project_id, row: { ...row, num: existing.num } });
      continue;
    }
    if (renameable) {
      const legacyId = planned.legacyId ?? id;
      const match = state.sessions.find(
        (stored) =>
          !claimed.has(stored.id) &&
          !plannedIds.has(stored.id) &&
          stored.projectId === row.project_id &&
          sessionIdentityDifferences(stored, { ...row, ...inWorktree(stored.id) }).length === 0,
      );
      if (match !== undefined) {
        claimed.add(match.id);
        outcomes.push({ id: match.id, legacyId, projectId: row.project_id, status: 'already-present', num: match.num, ...(match.live ? { heldLive: true } : {}) });
        const matchedRow = { ...row, id: match.id, num: match.num, ...inWorktree(match.id) };
        resolved.push({ ...planned, id: match.id, legacyId, projectId: row.project_id, row: matchedRow });
        continue;
      }
      if (existing !== undefined || newIds.has(id)) {
        const prefix = prefixes.get(planned.projectId) ?? '';
        const nums = [...numsOf(state.sessions, row.project_id), ...pending.filter((p) => p.row.project_id === row.project_id).map((p) => p.row.num)];
        const newId = freeSessionId(planned.kind, prefix, nums, (taken) => existingById.has(taken) || newIds.has(taken) || plannedIds.has(taken));
        const holder = existing === undefined ? 'another planned session' : `the rewrite's session ${id} of project ${existing.projectId}`;
        notes.push({ scope: 'session', id: newId, message: `Was ${legacyId} in legacy; ${id} is taken by ${holder}, so this session becomes ${newId}.` });
        const renamedRow = { ...row, id: newId, num: naturalNum(newId, prefix) ?? row.num, ...inWorktree(newId) };
        newIds.add(newId);
        pending.push({ index: outcomes.length, row: renamedRow, sessionPrefix: prefix });
        outcomes.push({ id: newId, legacyId, projectId: row.project_id, status: 'created', num: renamedRow.num });
        resolved.push({ ...planned, id: newId, legacyId, projectId: row.project_id, row: renamedRow });
        continue;
      }
    }
    if (newIds.has(id)) {
      outcomes.push({
        id,
        projectId: row.project_id,
        status: 'conflict',
        reason: `another planned session has the id ${id}; session ids are unique in the rewrite`,
      });
      resolved.push({ ...planned, projectId: row.project_id, row });
      continue;
    }
    newIds.add(id);
    pending.push({ index: outcomes.length, row, sessionPrefix: prefixes.get(planned.projectId) ?? '' });
    outcomes.push(withLegacyId({ id, projectId: row.project_id, status: 'created', num: row.num }, planned.legacyId));
    resolved.push(row === planned.row && planned.projectId === row.project_id ? planned : { ...planned, projectId: row.project_id, row });
  }

  const inserts = numberNewRows(pending, state, notes);
  for (const { index, row } of inserts) {
    const outcome = outcomes[index];
    const plannedSession = resolved[index];
    // Only renumbered rows are new objects; the others are already in place.
    if (outcome === undefined || plannedSession === undefined || plannedSession.row === row) continue;
    outcome.num = row.num;
    resolved[index] = { ...plannedSession, row };
  }
  return { outcomes, resolved, inserts: inserts.map(({ row }) => row) };
}

/**
 * The planned row in its project and managed worktree: the planned row
 * itself when that is where the plan put it already (nearly always; a large
 * run reconciles tens of thousands of rows twice).
 */
function placed(row: SessionRow, projectId: string, place: Pick<SessionRow, 'workspace_path' | 'agent_session_id'>): SessionRow {
  if (row.project_id === projectId && row.workspace_path === place.workspace_path && row.agent_session_id === place.agent_session_id) return row;
  return { ...row, project_id: projectId, ...place };
}

function withLegacyId(outcome: SessionOutcome, legacyId: string | undefined): SessionOutcome {
  return legacyId === undefined ? outcome : { ...outcome, legacyId };
}

function numsOf(stored: readonly ExistingSession[], projectId: string): number[] {
  return stored.filter((session) => session.projectId === projectId).map((session) => session.num);
}

/** A session row to insert, at `index` in the outcomes, numbered under its legacy `sessionPrefix`. */
interface PendingRow {
  index: number;
  row: SessionRow;
  sessionPrefix: string;
}

function numberNewRows(pending: readonly PendingRow[], state: TargetState, notes: Note[]): PendingRow[] {
  const byProject = new Map<string, NumCandidate[]>();
  for (const { row, sessionPrefix } of pending) {
    const candidates = byProject.get(row.project_id) ?? [];
    candidates.push({ id: row.id, plannedNum: row.num, sessionPrefix, projectId: row.project_id });
    byProject.set(row.project_id, candidates);
  }
  const assignments = new Map<string, number>();
  for (const [projectId, candidates] of byProject) {
    const plannedNums = new Map(candidates.map((candidate) => [candidate.id, candidate.plannedNum]));
    const existing = new Map(
      state.sessions.filter((session) => session.projectId === projectId).map((session) => [session.num, session.id]),
    );
    for (const [id, assignment] of reassignNums(existing, candidates)) {
      assignments.set(id, assignment.num);
      if (assignment.takenBy !== undefined) {
        notes.push({
          scope: 'session',
          id,
          message:
            `num ${plannedNums.get(id)} is already taken in project ${projectId} by ${assignment.takenBy}; ` +
            `the session gets num ${assignment.num}.`,
        });
      }
    }
  }
  return pending.map((entry) => {
    const num = assignments.get(entry.row.id) ?? entry.row.num;
    return num === entry.row.num ? entry : { ...entry, row: { ...entry.row, num } };
  });
}

function storedSessionPrefix(project: ExistingProject): string {
  let configured: string | undefined;
  try {
    const parsed = StoredConfig.safeParse(JSON.parse(project.config ?? 'null'));
    configured = parsed.success ? parsed.data.sessionPrefix : undefined;
  } catch {
    configured = undefined;
  }
  return daemonSessionPrefix(project.id, configured);
}
