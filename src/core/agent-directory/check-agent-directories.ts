import type { FileSystem } from '../effects/fs.js';
import { checkCodexDirectory } from './codex/check-codex-directory.js';
import { codexHome } from './codex/codex-home.js';
import { checkOpencodeDirectory } from './opencode/check-opencode-directory.js';
import { opencodeDataDir, opencodeDatabase } from './opencode/opencode-paths.js';
import { notResumable, type AgentDirectoryOutcome } from './types.js';

/** A migrated codex or opencode session as the rewrite holds it. */
export interface StoredAgentSession {
  id: string;
  harness: string;
  /** The row's `agent_session_id`: what the daemon resumes. */
  agentSessionId: string;
  /** Where the daemon restores it. */
  managedPath: string;
}

/**
 * For `status`, read live: each codex or opencode session whose agent would
 * not work in its managed worktree when resumed, and why. The row's id is
 * checked where the daemon will look; when that fails, `wouldRelocate` (a
 * dry run of the relocation, by session id) says why in the migration's own
 * words: the legacy thread is gone, the copy is still to be made. Reads only.
 */
export function agentDirectoryBlockers(
  sessions: readonly StoredAgentSession[],
  wouldRelocate: ReadonlyMap<string, AgentDirectoryOutcome>,
  options: { env: Readonly<Record<string, string | undefined>>; homeDir: string; fs?: FileSystem },
): Map<string, string> {
  const codex = codexHome(options.env, options.homeDir);
  const dataDir = opencodeDataDir(options.env, options.homeDir);
  const database = opencodeDatabase(options.env, dataDir);
  const blockers = new Map<string, string>();
  for (const session of sessions) {
    if (session.agentSessionId === '' || (session.harness !== 'codex' && session.harness !== 'opencode')) continue;
    const recorded =
      session.harness === 'codex'
        ? checkCodexDirectory(codex, session.agentSessionId, session.managedPath, options.fs)
        : checkOpencodeDirectory(dataDir, database, session.agentSessionId, session.managedPath, options.fs);
    if (recorded.kind === 'managed') continue;
    const planned = wouldRelocate.get(session.id);
    const rerun = `run ao-migrate again with ${session.harness} stopped`;
    blockers.set(
      session.id,
      planned?.notResumable ??
        notResumable(
          planned?.status === 'created'
            ? `${session.harness === 'codex' ? 'the copy of its thread' : 'its session'} for ${session.managedPath} is not made yet; ${rerun}`
            : recorded.kind === 'elsewhere'
              ? `${session.harness} records ${recorded.recorded} as its directory, not ${session.managedPath}; ${rerun}`
              : recorded.reason,
        ),
    );
  }
  return blockers;
}
