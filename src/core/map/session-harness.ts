import type { AgentDefaults, LegacyBehaviour, LegacySession } from '../legacy/types.js';
import { type HarnessColumnValue, isHarness } from './harness.js';
import type { SessionKind } from './rows.js';

export interface HarnessChoice {
  harness: HarnessColumnValue;
  note?: string;
}

/**
 * The session's harness (migration-rules §3): its own `agent`, else the
 * project's role agent, the project agent, the registry's default role agent,
 * the registry's default agent. The first name found decides; a name outside
 * the v12 list gives `''` (the daemon then restores with its default agent).
 */
export function sessionHarness(
  session: Pick<LegacySession, 'agent'>,
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
  ];
  const found = chain.find(([, name]) => name !== undefined && name !== '');
  if (!found) {
    return {
      harness: '',
      note: 'No agent recorded for the session, its project or the registry defaults; harness left empty (the daemon will use its default agent).',
    };
  }
  const [source, name = ''] = found;
  if (!isHarness(name)) {
    return {
      harness: '',
      note: `Agent '${name}' (from ${source}) is not one the rewrite knows; harness left empty (the daemon will use its default agent).`,
    };
  }
  if (source === 'the session') return { harness: name };
  return { harness: name, note: `No agent recorded in the session; harness '${name}' from ${source}.` };
}
