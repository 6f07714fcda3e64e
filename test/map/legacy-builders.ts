import type { LegacyProject, LegacySession } from '../../src/core/legacy/types.js';

/** A registry project with nothing but identity set; tests add what they pin. */
export function legacyProject(overrides: Partial<LegacyProject> = {}): LegacyProject {
  return {
    id: 'agent-orchestrator',
    registryPath: '/home/dev/.agent-orchestrator/config.yaml',
    path: '/home/dev/code/agent-orchestrator',
    behaviour: { droppedKeys: [] },
    ...overrides,
  };
}

/** A live session file with nothing but its identity and mtime. */
export function legacySession(overrides: Partial<LegacySession> = {}): LegacySession {
  return {
    id: 'ao-1',
    projectId: 'agent-orchestrator',
    file: '/home/dev/.agent-orchestrator/projects/agent-orchestrator/sessions/ao-1.json',
    layout: 'current',
    fileMtime: new Date('2026-06-01T08:00:00.000Z'),
    ...overrides,
  };
}
