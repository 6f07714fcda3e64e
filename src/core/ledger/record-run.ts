import * as path from 'node:path';
import type { TranscriptOutcome } from '../claude/relocate-transcript.js';
import type { FileSystem } from '../effects/fs.js';
import type { MigrationPlan } from '../plan/types.js';
import type { ProjectOutcome, SessionOutcome } from '../database/target-outcomes.js';
import { hashFile } from './hash-file.js';
import type { LedgerProject, LedgerRun, LedgerSession, LedgerTranscript } from './ledger-schema.js';

export interface RunRecordInputs {
  runAt: Date;
  dbPath: string;
  backupPath: string | null;
  /** The plan resolved against the target: its rows hold what was inserted. */
  plan: MigrationPlan;
  projects: readonly ProjectOutcome[];
  sessions: readonly SessionOutcome[];
  transcripts: readonly TranscriptOutcome[];
}

/**
 * What a real run inserted and copied, as the ledger keeps it; `undefined`
 * when it changed nothing (a re-run), so the ledger keeps pointing at the
 * run that did. Hashes each copied file now, while it is still ours.
 */
export function recordRun(inputs: RunRecordInputs, fs: FileSystem): LedgerRun | undefined {
  const projectRows = new Map(inputs.plan.projects.flatMap((p) => (p.row === undefined ? [] : [[p.id, p.row] as const])));
  const sessionRows = new Map(
    inputs.plan.sessions.flatMap((s) => (s.action === 'create' && s.row !== undefined ? [[s.id, s.row] as const] : [])),
  );

  const projects: LedgerProject[] = inputs.projects.flatMap((outcome) => {
    const row = projectRows.get(outcome.id);
    if (outcome.status !== 'created' || row === undefined) return [];
    return [{
      id: row.id,
      path: row.path,
      repoOriginUrl: row.repo_origin_url,
      displayName: row.display_name,
      registeredAt: row.registered_at,
      kind: row.kind,
      config: row.config,
    }];
  });
  const sessions: LedgerSession[] = inputs.sessions.flatMap((outcome) => {
    const row = sessionRows.get(outcome.id);
    if (outcome.status !== 'created' || row === undefined) return [];
    return [{
      id: row.id,
      ...(outcome.legacyId === undefined ? {} : { legacyId: outcome.legacyId }),
      projectId: outcome.projectId,
      num: outcome.num ?? row.num,
      updatedAt: row.updated_at,
      isTerminated: row.is_terminated,
      activityState: row.activity_state,
      runtimeHandleId: row.runtime_handle_id,
    }];
  });
  const transcripts: LedgerTranscript[] = inputs.transcripts.flatMap((outcome) => {
    if (outcome.copiedFiles === undefined) return [];
    return [{
      sessionId: outcome.sessionId,
      uuid: outcome.uuid,
      bucket: path.dirname(outcome.destination),
      files: outcome.copiedFiles.map((file) => ({ path: file, ...hashFile(fs, file) })),
    }];
  });

  if (projects.length === 0 && sessions.length === 0 && transcripts.length === 0) return undefined;
  return {
    runAt: inputs.runAt.toISOString(),
    dbPath: inputs.dbPath,
    backupPath: inputs.backupPath,
    mode: inputs.plan.mode,
    projects,
    sessions,
    transcripts,
  };
}
