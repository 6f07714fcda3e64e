import type { SessionKind } from '../map/rows.js';
import type { PlannedSession } from '../plan/types.js';
import { parseDaemonTime } from '../time/daemon-time.js';

/** A session that could be restored, as far as its own row and the disk go. */
export interface RestoreCandidate {
  id: string;
  /** The rewrite project it is restored in. */
  projectId: string;
  kind: SessionKind;
  branch: string;
  /** `activity_last_at`, in the daemon's text form: the most recent session is the one offered. */
  activityLastAt: string;
  /** Restore would only restart it from its prompt: a real resume is offered before it. */
  restartsFromPrompt: boolean;
  /** The project's own orchestrator id (`<prefix>-orchestrator`): offered before older ones. */
  canonicalOrchestrator: boolean;
}

/**
 * Which candidates are NOT offered for restore, and why (rewrite-today §3):
 * all orchestrators of a project share one managed worktree, and a branch
 * can be checked out in one worktree only, so at most one orchestrator per
 * project and one session per branch is offered. Preferred: a real resume
 * over a restart, the project's own orchestrator id, then the most recent
 * activity, then the id.
 */
export function oneRestorePerWorktree(candidates: readonly RestoreCandidate[]): Map<string, string> {
  const ranked = [...candidates].sort(preference);
  const notOffered = new Map<string, string>();
  const orchestratorOf = new Map<string, string>();
  const branchHolder = new Map<string, string>();
  for (const candidate of ranked) {
    if (candidate.kind === 'orchestrator') {
      const offered = orchestratorOf.get(candidate.projectId);
      if (offered !== undefined) {
        notOffered.set(
          candidate.id,
          `The orchestrators of project ${candidate.projectId} share one managed worktree, and ${offered} is the one offered for restore.`,
        );
        continue;
      }
    }
    const branchKey = `${candidate.projectId}\0${candidate.branch}`;
    const holder = branchHolder.get(branchKey);
    if (holder !== undefined) {
      notOffered.set(
        candidate.id,
        `${holder} is on the same branch ${candidate.branch}, and a branch can be checked out for one restored session only; ${holder} is the one offered.`,
      );
      continue;
    }
    if (candidate.kind === 'orchestrator') orchestratorOf.set(candidate.projectId, candidate.id);
    branchHolder.set(branchKey, candidate.id);
  }
  return notOffered;
}

function preference(a: RestoreCandidate, b: RestoreCandidate): number {
  return (
    Number(a.restartsFromPrompt) - Number(b.restartsFromPrompt) ||
    Number(b.canonicalOrchestrator) - Number(a.canonicalOrchestrator) ||
    activityTime(b) - activityTime(a) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

function activityTime(candidate: RestoreCandidate): number {
  return parseDaemonTime(candidate.activityLastAt)?.getTime() ?? 0;
}

/** A planned session with a row as a candidate in project `projectId` (where reconciliation put it). */
export function restoreCandidate(planned: PlannedSession, projectId: string): RestoreCandidate {
  return {
    id: planned.id,
    projectId,
    kind: planned.kind,
    branch: planned.row?.branch ?? '',
    activityLastAt: planned.row?.activity_last_at ?? '',
    restartsFromPrompt: planned.resume.restartsFromPrompt === true,
    canonicalOrchestrator: planned.kind === 'orchestrator' && planned.id.endsWith('-orchestrator'),
  };
}
