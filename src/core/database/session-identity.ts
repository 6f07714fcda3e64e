import { parseDaemonTime } from '../time/daemon-time.js';
import type { SessionRow } from '../map/rows.js';
import type { ExistingSession } from './target-state.js';

/**
 * How an existing row differs from a planned one in identity (migration-rules
 * §5: project, created_at, branch, agent_session_id); empty when it is the
 * same session. `created_at` compares as instants: the row may hold any layout
 * the daemon reads, and the plan writes milliseconds.
 */
export function sessionIdentityDifferences(existing: ExistingSession, planned: SessionRow): string[] {
  const differences: string[] = [];
  if (existing.projectId !== planned.project_id) {
    differences.push(`project ${existing.projectId} (planned ${planned.project_id})`);
  }
  const existingCreated = existing.createdAt === null ? undefined : parseDaemonTime(existing.createdAt);
  const plannedCreated = parseDaemonTime(planned.created_at);
  if (existingCreated === undefined || plannedCreated?.getTime() !== existingCreated.getTime()) {
    differences.push(`created_at ${JSON.stringify(existing.createdAt)} (planned ${JSON.stringify(planned.created_at)})`);
  }
  if (existing.branch !== planned.branch) {
    differences.push(`branch ${JSON.stringify(existing.branch)} (planned ${JSON.stringify(planned.branch)})`);
  }
  if (existing.agentSessionId !== planned.agent_session_id) {
    differences.push(
      `agent_session_id ${JSON.stringify(existing.agentSessionId)} (planned ${JSON.stringify(planned.agent_session_id)})`,
    );
  }
  return differences;
}
