import { assignNum } from '../map/num.js';

/** A session that will be inserted into one project, with the num the plan gave it. */
export interface NumCandidate {
  id: string;
  plannedNum: number;
  /** The legacy prefix its id was numbered under (the planned project's). */
  sessionPrefix: string;
  /** The project it goes to (its id form `<projectId>-<N>` names a num too). */
  projectId: string;
}

export interface NumAssignment {
  num: number;
  /** Set when the planned num was taken: by which session. */
  takenBy?: string;
}

/**
 * Resolves `num` collisions of one project's new rows with its existing rows
 * (migration-rules §4), so `UNIQUE(project_id, num)` never fails at insert.
 * Every row whose planned num no existing row and no earlier new row holds
 * keeps it (so `<prefix>-<k>` keeps `k` wherever possible); the others go
 * through the plan's own rule, `assignNum`, against every num then in use.
 */
export function reassignNums(
  existing: ReadonlyMap<number, string>,
  candidates: readonly NumCandidate[],
): Map<string, NumAssignment> {
  const holder = new Map(existing);
  const kept = new Set<string>();
  for (const candidate of candidates) {
    if (holder.has(candidate.plannedNum)) continue;
    holder.set(candidate.plannedNum, candidate.id);
    kept.add(candidate.id);
  }

  const assignments = new Map<string, NumAssignment>();
  for (const candidate of candidates) {
    if (kept.has(candidate.id)) {
      assignments.set(candidate.id, { num: candidate.plannedNum });
      continue;
    }
    const takenBy = holder.get(candidate.plannedNum);
    const { num } = assignNum(candidate.id, candidate.sessionPrefix, new Set(holder.keys()), candidate.projectId);
    holder.set(num, candidate.id);
    assignments.set(candidate.id, takenBy === undefined ? { num } : { num, takenBy });
  }
  return assignments;
}
