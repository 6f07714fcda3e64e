import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import type { TranscriptCopyPlan, TranscriptOutcome } from '../claude/relocate-transcript.js';
import type { ProjectOutcome, SessionOutcome } from '../database/target-outcomes.js';
import { lstatIfPresent } from '../claude/lstat-if-present.js';
import type { FileSystem } from '../effects/fs.js';
import type { ProjectRow, SessionRow } from '../map/rows.js';
import type { MigrationPlan, PlannedSession } from '../plan/types.js';
import { withoutUndefined } from '../without-undefined.js';
import { hashFile } from './hash-file.js';
import type { LedgerProject, LedgerRun, LedgerSession, LedgerTranscript } from './ledger-schema.js';

export interface RunIntentInputs {
  runAt: Date;
  dbPath: string;
  backupPath: string | null;
  mode: string;
  /** The rows the run is about to insert, as it will insert them. */
  inserts: { projects: readonly ProjectRow[]; sessions: readonly SessionRow[] };
  /** The plan as reconciled for these inserts: each session's legacy id and worktree are kept beside its row. */
  plan: MigrationPlan;
  /** The transcripts, decided: the files to create or replace are about to be written. */
  copies: TranscriptCopyPlan;
}

/**
 * What a real run is about to insert and copy, recorded before it does
 * (`state: started`), so that `undo` can take back a run cut short at any
 * moment. Each file to write is hashed now, at its source: the copy will be
 * byte for byte that. Empty (`isEmptyRun`) when the run will change nothing
 * (a re-run): the ledger then keeps pointing at the run that did.
 */
export function intendedRun(inputs: RunIntentInputs, fs: FileSystem): LedgerRun {
  const projects = inputs.inserts.projects.map(ledgerProject);
  const planned = new Map(inputs.plan.sessions.map((session) => [session.id, session]));
  const sessions = inputs.inserts.sessions.map((row) => ledgerSession(row, planned.get(row.id)));
  const transcripts: LedgerTranscript[] = inputs.copies.items.flatMap((item) => {
    if (!('transcript' in item)) return [];
    const { transcript } = item;
    if (transcript.failure !== undefined || transcript.decisions.some((d) => d.action === 'conflict')) return [];
    const writes = transcript.decisions.filter((d) => d.action === 'create' || d.action === 'replace');
    if (writes.length === 0) return [];
    const files = writes.map((decision) => {
      const replaced = decision.action === 'replace' ? lstatIfPresent(fs, decision.destination)?.size : undefined;
      return withoutUndefined({ path: decision.destination, ...hashFile(fs, decision.source), replacedSize: replaced });
    });
    const createdDirs = missingDirs(fs, transcript.destinationBucket, writes.map((d) => path.dirname(d.destination)));
    return [{ sessionId: transcript.sessionId, uuid: transcript.uuid, bucket: transcript.destinationBucket, files, createdDirs }];
  });
  return {
    runId: randomUUID(),
    state: 'started',
    runAt: inputs.runAt.toISOString(),
    dbPath: inputs.dbPath,
    backupPath: inputs.backupPath,
    mode: inputs.mode,
    projects,
    sessions,
    transcripts,
  };
}

export interface RunOutcomes {
  backupPath: string | null;
  projects: readonly ProjectOutcome[];
  sessions: readonly SessionOutcome[];
  transcripts: readonly TranscriptOutcome[];
}

/** The intent narrowed to what the run did: the rows it inserted (with their final nums) and the files it wrote. */
export function completedRun(intent: LedgerRun, outcomes: RunOutcomes): LedgerRun {
  const created = (items: readonly { id: string; status: string }[]) =>
    new Set(items.filter((item) => item.status === 'created').map((item) => item.id));
  const projects = created(outcomes.projects);
  const nums = new Map(outcomes.sessions.flatMap((s) => (s.status === 'created' && s.num !== undefined ? [[s.id, s.num] as const] : [])));
  const copied = new Set(outcomes.transcripts.flatMap((t) => t.copiedFiles ?? []));
  return {
    ...intent,
    state: 'complete',
    backupPath: outcomes.backupPath,
    projects: intent.projects.filter((p) => projects.has(p.id)),
    sessions: intent.sessions.flatMap((s) => {
      const num = nums.get(s.id);
      return num === undefined ? [] : [{ ...s, num }];
    }),
    transcripts: intent.transcripts.flatMap((t) => {
      const files = t.files.filter((f) => copied.has(f.path));
      return files.length === 0 ? [] : [{ ...t, files }];
    }),
  };
}

function ledgerProject(row: ProjectRow): LedgerProject {
  return {
    id: row.id,
    path: row.path,
    repoOriginUrl: row.repo_origin_url,
    displayName: row.display_name,
    registeredAt: row.registered_at,
    kind: row.kind,
    config: row.config,
  };
}

function ledgerSession(row: SessionRow, planned: PlannedSession | undefined): LedgerSession {
  return withoutUndefined({
    id: row.id,
    legacyId: planned?.legacyId,
    projectId: row.project_id,
    num: row.num,
    updatedAt: row.updated_at,
    isTerminated: row.is_terminated,
    activityState: row.activity_state,
    runtimeHandleId: row.runtime_handle_id,
    legacyWorktree: planned?.legacyWorktree,
  });
}

/** The directories from `bucket` down to each of `dirs` that do not exist yet (the copy will create them), parents first. */
function missingDirs(fs: FileSystem, bucket: string, dirs: readonly string[]): string[] {
  const missing = new Set<string>();
  for (const dir of dirs) {
    for (let current = dir; ; current = path.dirname(current)) {
      if (lstatIfPresent(fs, current) === undefined) missing.add(current);
      if (current === bucket || path.dirname(current) === current) break;
    }
  }
  return [...missing].sort((a, b) => a.length - b.length);
}
