import type { FileSystem } from '../effects/fs.js';
import type { PlannedSession, MigrationPlan } from '../plan/types.js';
import type { Note } from '../note.js';
import { codexHome, codexStateDatabase } from './codex/codex-home.js';
import { relocateCodexThreads } from './codex/relocate-codex-threads.js';
import type { CodexThreadCopyRecord, OpencodeDirectoryRecord } from './ledger-schema.js';
import { opencodeDataDir, opencodeDatabase } from './opencode/opencode-paths.js';
import { relocateOpencodeSessions } from './opencode/relocate-opencode-sessions.js';
import type { AgentDirectoryOutcome, AgentDirectoryRequest } from './types.js';

export interface AgentDirectoriesOptions {
  env: Readonly<Record<string, string | undefined>>;
  homeDir: string;
  fs?: FileSystem;
  /** Decide and report exactly as a real run would, and write nothing. */
  dryRun?: boolean;
  now?: Date;
  /** Called before each store is written to, with what will be written there (for the ledger). */
  beforeWrite?: (planned: Partial<AgentDirectoriesRun['records']>) => void;
}

/** What relocating the agents' recorded directories did, for the report and for `undo`. */
export interface AgentDirectoriesRun {
  outcomes: AgentDirectoryOutcome[];
  records: { codex: CodexThreadCopyRecord[]; opencode: OpencodeDirectoryRecord[] };
  /** Where each store written to was backed up first. */
  notes: Note[];
}

/**
 * Makes every planned codex and opencode session work in its managed
 * worktree when the daemon resumes it (agents.md): codex through a copy of
 * its thread, opencode by its session's directory. The sessions are those of
 * `plan` that get (or have) a row.
 */
export function relocateAgentDirectories(plan: MigrationPlan, options: AgentDirectoriesOptions): AgentDirectoriesRun {
  const requestsOf = (harness: string) => plan.sessions.flatMap((session) => (session.harness === harness ? request(session) : []));
  const common = { ...(options.fs === undefined ? {} : { fs: options.fs }), dryRun: options.dryRun ?? false, ...(options.now === undefined ? {} : { now: options.now }) };
  const home = codexHome(options.env, options.homeDir);
  const before = options.beforeWrite;
  const codex = relocateCodexThreads(requestsOf('codex'), {
    ...common,
    codexHome: home,
    ...(before === undefined ? {} : { beforeWrite: (planned: readonly CodexThreadCopyRecord[]) => before({ codex: [...planned] }) }),
  });
  const dataDir = opencodeDataDir(options.env, options.homeDir);
  const database = opencodeDatabase(options.env, dataDir);
  const opencode = relocateOpencodeSessions(requestsOf('opencode'), {
    ...common,
    dataDir,
    database,
    ...(before === undefined ? {} : { beforeWrite: (planned: readonly OpencodeDirectoryRecord[]) => before({ opencode: [...planned] }) }),
  });
  const backedUp = (store: string | undefined, backupPath: string | undefined): Note[] =>
    store === undefined || backupPath === undefined
      ? []
      : [{ scope: 'store', id: store, message: `Backed up to ${backupPath} before this run wrote to it (\`ao-migrate undo\` takes the changes back).` }];
  return {
    outcomes: [...codex.outcomes, ...opencode.outcomes],
    records: { codex: codex.records, opencode: opencode.records },
    notes: [...backedUp(codexStateDatabase(home), codex.backupPath), ...backedUp(database, opencode.backupPath)],
  };
}

function request(session: PlannedSession): AgentDirectoryRequest[] {
  const row = session.action === 'create' ? session.row : undefined;
  const agentSessionId = session.legacyAgentSessionId ?? row?.agent_session_id ?? '';
  if (row === undefined || agentSessionId === '') return [];
  return [{ sessionId: session.id, agentSessionId, legacyWorktree: session.legacyWorktree ?? '', managedPath: row.workspace_path }];
}
