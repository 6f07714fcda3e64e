import type { MigrationPlan } from '../../plan/types.js';

/** Values a run writes into a column the rewrite may constrain with a CHECK list. */
export interface ColumnValues {
  table: 'projects' | 'sessions' | 'change_log';
  column: string;
  values: string[];
}

/**
 * What the plan's rows put into the CHECKed columns, and the `change_log`
 * event the insert trigger writes for each session. Rows the target already
 * holds are counted too: a superset is safe.
 */
export function valuesWritten(plan: MigrationPlan): ColumnValues[] {
  const projects = plan.projects.flatMap((p) => (p.action === 'create' && p.row ? [p.row] : []));
  const sessions = plan.sessions.flatMap((s) => (s.action === 'create' && s.row ? [s.row] : []));
  const distinct = (values: string[]) => [...new Set(values)];
  const written: ColumnValues[] = [
    { table: 'projects', column: 'kind', values: distinct(projects.map((row) => row.kind)) },
    { table: 'sessions', column: 'kind', values: distinct(sessions.map((row) => row.kind)) },
    { table: 'sessions', column: 'harness', values: distinct(sessions.map((row) => row.harness)) },
    { table: 'sessions', column: 'activity_state', values: distinct(sessions.map((row) => row.activity_state)) },
    { table: 'change_log', column: 'event_type', values: sessions.length > 0 ? ['session_created'] : [] },
  ];
  return written.filter((entry) => entry.values.length > 0);
}
