import type { LedgerProject, LedgerRun, LedgerSession } from '../ledger/ledger-schema.js';
import type { SqliteDatabase } from '../database/sqlite-driver.js';
import { describeReferences, foreignReferences } from './foreign-references.js';
import type { UndoItem, UndoSessionItem } from './types.js';

const FORCE_HINT = '`ao-migrate undo --force` removes it anyway';

/**
 * Removes the run's rows inside the caller's transaction: sessions (with the
 * `change_log` rows the insert trigger wrote for them), then projects no
 * session uses any more. Each item in its own savepoint, so one that fails
 * leaves no half-removed state and the others go on. A row the rewrite has
 * changed since is kept unless `force`; a row other rewrite data refers to
 * (a PR, a notification, another session) is always kept, since removing
 * it would mean removing the rewrite's own data.
 */
export function removeRunRows(
  db: SqliteDatabase,
  run: LedgerRun,
  force: boolean,
): { projects: UndoItem[]; sessions: UndoSessionItem[] } {
  const sessionRefs = foreignReferences(db, 'sessions').filter((ref) => ref.table !== 'change_log');
  const projectRefs = foreignReferences(db, 'projects');
  const deleteSession = db.transaction((id: string) => {
    db.prepare('DELETE FROM change_log WHERE session_id = ?').run(id);
    db.prepare('DELETE FROM sessions WHERE id = ?').run(id);
  });
  const deleteProject = db.transaction((id: string) => void db.prepare('DELETE FROM projects WHERE id = ?').run(id));

  const sessions = run.sessions.map((recorded): UndoSessionItem => {
    const item = attempt(() => {
      const row = db.prepare('SELECT * FROM sessions WHERE id = ?').get(recorded.id) as Record<string, unknown> | undefined;
      if (row === undefined) return { status: 'already-gone' };
      const usedBy = describeReferences(db, sessionRefs, recorded.id);
      if (usedBy.length > 0) return { status: 'refused', reason: `the rewrite refers to it (${usedBy.join(', ')})` };
      const changes = sessionChanges(db, row, recorded);
      if (changes.length > 0 && !force) {
        return { status: 'refused', reason: `the rewrite changed it since the migration (${changes.join('; ')}): ${FORCE_HINT}` };
      }
      deleteSession(recorded.id);
      return changes.length > 0 ? { status: 'removed', reason: `forced, despite: ${changes.join('; ')}` } : { status: 'removed' };
    });
    return { id: recorded.id, projectId: recorded.projectId, ...item };
  });

  const projects = run.projects.map((recorded): UndoItem => {
    const item = attempt(() => {
      const row = db.prepare('SELECT * FROM projects WHERE id = ?').get(recorded.id) as Record<string, unknown> | undefined;
      if (row === undefined) return { status: 'already-gone' };
      const usedBy = describeReferences(db, projectRefs, recorded.id);
      if (usedBy.length > 0) return { status: 'refused', reason: `the rewrite still uses it (${usedBy.join(', ')})` };
      const changes = projectChanges(row, recorded);
      if (changes.length > 0 && !force) {
        return { status: 'refused', reason: `the rewrite changed it since the migration (${changes.join('; ')}): ${FORCE_HINT}` };
      }
      deleteProject(recorded.id);
      return changes.length > 0 ? { status: 'removed', reason: `forced, despite: ${changes.join('; ')}` } : { status: 'removed' };
    });
    return { id: recorded.id, ...item };
  });
  return { projects, sessions };
}

type ItemResult = Omit<UndoItem, 'id'>;

function attempt(work: () => ItemResult): ItemResult {
  try {
    return work();
  } catch (error) {
    return { status: 'failed', reason: `${error instanceof Error ? error.message : String(error)}; it was kept` };
  }
}

/** What the rewrite changed: a restore or any activity touches these columns, and logs `session_updated`. */
function sessionChanges(db: SqliteDatabase, row: Record<string, unknown>, recorded: LedgerSession): string[] {
  const changes = differences([
    ['project_id', row['project_id'], recorded.projectId],
    ['num', row['num'], recorded.num],
    ['updated_at', row['updated_at'], recorded.updatedAt],
    ['is_terminated', row['is_terminated'], recorded.isTerminated],
    ['activity_state', row['activity_state'], recorded.activityState],
    ['runtime_handle_id', row['runtime_handle_id'], recorded.runtimeHandleId],
  ]);
  const { n } = db
    .prepare("SELECT count(*) AS n FROM change_log WHERE session_id = ? AND event_type <> 'session_created'")
    .get(recorded.id) as { n: number };
  if (n > 0) changes.push(`${n} later change_log entr${n === 1 ? 'y' : 'ies'}`);
  return changes;
}

function projectChanges(row: Record<string, unknown>, recorded: LedgerProject): string[] {
  return differences([
    ['path', row['path'], recorded.path],
    ['repo_origin_url', row['repo_origin_url'], recorded.repoOriginUrl],
    ['display_name', row['display_name'], recorded.displayName],
    ['registered_at', row['registered_at'], recorded.registeredAt],
    ['kind', row['kind'], recorded.kind],
    ['config', row['config'], recorded.config],
    ['archived_at', row['archived_at'], null],
  ]);
}

/** `column now X (was Y)` for each column whose stored value is not the recorded one; SQLite values compare as text. */
function differences(pairs: [column: string, stored: unknown, recorded: unknown][]): string[] {
  const asText = (value: unknown) => (value === null || value === undefined ? null : String(value));
  return pairs
    .filter(([, stored, recorded]) => asText(stored) !== asText(recorded))
    .map(([column, stored, recorded]) => `${column} now ${JSON.stringify(asText(stored))} (was ${JSON.stringify(asText(recorded))})`);
}
