import * as path from 'node:path';
import { z } from 'zod';
import { isPidAliveBySignal } from '../database/refuse-running-daemon.js';
import { nodeFileSystem, readRegularFile } from '../effects/fs.js';
import { MigrationRefusedError } from '../errors.js';
import type { Note } from '../note.js';
import type { MigrationPlan } from '../plan/types.js';

/** Legacy agents still at work, and the legacy tool itself if it runs. */
export interface LiveLegacyAgents {
  /** Session id → the tmux session that is still there (its recorded `tmuxName`, or its id). */
  sessions: Map<string, string>;
  /** The legacy `ao start` process its run file names, when alive. */
  legacyProcess?: { pid: number; runFile: string };
}

export interface LegacyRuntimeEffects {
  /** Names of the tmux sessions on the user's default server (see `tmuxSessionNames`). */
  tmuxSessionNames(): readonly string[];
  isPidAlive?(pid: number): boolean;
}

/** `<legacy root>/running.json`, written by the legacy `ao start`: `{pid, configPath, port, startedAt, projects}`. */
const LegacyRunFile = z.object({ pid: z.number().int().positive() }).loose();

/**
 * Which sessions the run would migrate still have their legacy agent's tmux
 * session: the one the record names, or one named after the session id,
 * which is also the name the rewrite gives a restored session (so `ao
 * session restore` fails with a duplicate session). Reads only.
 */
export function findLiveLegacyAgents(plan: MigrationPlan, effects: LegacyRuntimeEffects): LiveLegacyAgents {
  const names = new Set(effects.tmuxSessionNames());
  const sessions = new Map<string, string>();
  if (names.size > 0) {
    for (const session of plan.sessions) {
      if (session.action !== 'create') continue;
      const alive = [session.legacyTmuxName, session.id].find((name) => name !== undefined && names.has(name));
      if (alive !== undefined) sessions.set(session.id, alive);
    }
  }
  const runFile = path.join(plan.legacyRoot, 'running.json');
  const pid = legacyRunFilePid(runFile);
  const alive = pid !== undefined && (effects.isPidAlive ?? isPidAliveBySignal)(pid);
  return alive ? { sessions, legacyProcess: { pid, runFile } } : { sessions };
}

function legacyRunFilePid(runFile: string): number | undefined {
  try {
    const parsed = LegacyRunFile.safeParse(JSON.parse(readRegularFile(nodeFileSystem, runFile).toString('utf8')));
    return parsed.success ? parsed.data.pid : undefined;
  } catch {
    return undefined;
  }
}

const LISTED = 10;

/**
 * `LEGACY_RUNNING`: names what still runs (at most ten sessions, then a
 * count) and how to stop it without losing work. `undefined` when nothing does.
 */
export function legacyRunningRefusal(live: LiveLegacyAgents): MigrationRefusedError | undefined {
  const agents = [...live.sessions];
  if (agents.length === 0 && live.legacyProcess === undefined) return undefined;
  const lines = agents.slice(0, LISTED).map(([id, tmux]) => `  ${id} (tmux session ${tmux})`);
  if (agents.length > LISTED) lines.push(`  … and ${agents.length - LISTED} more`);
  if (live.legacyProcess !== undefined) {
    lines.push(`  the legacy ao itself (pid ${live.legacyProcess.pid}, per ${live.legacyProcess.runFile})`);
  }
  const example = agents[0]?.[1] ?? '<name>';
  return new MigrationRefusedError(
    'LEGACY_RUNNING',
    `Legacy agents are still running, and a session copied now would miss their later work (and the rewrite cannot restore a session whose tmux name is taken):\n${lines.join('\n')}\n` +
      'Let each agent finish or save its work, then stop it: `ao session kill <id>` or `ao stop` in the legacy tool, ' +
      `or \`tmux kill-session -t ${example}\`. Then run again. (--allow-running-legacy migrates anyway; those sessions are then reported not resumable.)`,
  );
}

/**
 * Adds, to the reasons that stand against each session's restore, that its
 * legacy agent still runs (migrated anyway, or looked at by `status`).
 */
export function addLiveAgentBlockers(bySession: Map<string, string[]>, live: LiveLegacyAgents): void {
  for (const [id, tmux] of live.sessions) {
    const reason = `Its legacy agent is still running (tmux session ${tmux}): stop it, then run ao-migrate again to refresh its transcript.`;
    bySession.set(id, [...(bySession.get(id) ?? []), reason]);
  }
}

/** A store note while the legacy tool itself runs (when that was allowed, or for `status`). */
export function legacyProcessNote(process: { pid: number; runFile: string }): Note {
  return {
    scope: 'store',
    id: process.runFile,
    message: `The legacy ao is still running (pid ${process.pid}): its agents may go on working in the legacy worktrees; stop it (\`ao stop\` in the legacy tool) before resuming sessions in the rewrite.`,
  };
}
