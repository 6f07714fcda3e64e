import type { AgentDefaults, LegacyBehaviour, LegacySession } from '../legacy/types.js';
import { type HarnessColumnValue, isHarness } from './harness.js';
import type { SessionKind } from './rows.js';

export interface HarnessChoice {
  harness: HarnessColumnValue;
  /** The legacy agent that ran the session, when one is known (kept even when the rewrite does not know it). */
  agent?: string;
  note?: string;
}

/**
 * The session's harness (migration-rules §3): its own `agent`, else the
 * project's role agent, the project agent, the registry's default role
 * agent, the registry's default agent; with none of those, the agent whose
 * id the record carries. The first name found is the agent that ran the
 * session: one the rewrite does not know gives `''` and is never swapped for
 * another (the conversation belongs to that agent), so such a row cannot be
 * restored and the readiness says why.
 */
export function sessionHarness(
  session: Pick<LegacySession, 'agent' | 'claudeSessionUuid' | 'codexThreadId' | 'opencodeSessionId'>,
  kind: SessionKind,
  behaviour: LegacyBehaviour | undefined,
  defaults: AgentDefaults,
): HarnessChoice {
  const chain: [source: string, name: string | undefined][] = [
    ['the session', session.agent],
    [`the project's ${kind} agent`, behaviour?.[kind]?.agent],
    ["the project's agent", behaviour?.agent],
    [`the registry's default ${kind} agent`, kind === 'worker' ? defaults.workerAgent : defaults.orchestratorAgent],
    ["the registry's default agent", defaults.agent],
    ['its claudeSessionUuid', session.claudeSessionUuid ? 'claude-code' : undefined],
    ['its codexThreadId', session.codexThreadId ? 'codex' : undefined],
    ['its opencodeSessionId', session.opencodeSessionId ? 'opencode' : undefined],
  ];
  const found = chain.find(([, name]) => name !== undefined && name !== '');
  if (!found) {
    return { harness: '', note: 'No agent is recorded for the session, its project or the registry defaults; harness left empty.' };
  }
  const [source, agent = ''] = found;
  if (!isHarness(agent)) {
    return {
      harness: '',
      agent,
      note: `Agent '${agent}' (from ${source}) is not one the rewrite knows; harness left empty, never another agent in its place.`,
    };
  }
  if (source === 'the session') return { harness: agent, agent };
  return { harness: agent, agent, note: `No agent recorded in the session; harness '${agent}' from ${source}.` };
}
