import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { stringify } from 'yaml';

/** A project entry of the legacy registry, written as given (plus `behaviour`, placed by shape). */
export interface LegacyRegistryEntry {
  path: string;
  displayName?: string;
  name?: string;
  sessionPrefix?: string;
  defaultBranch?: string;
  /** An object in the hybrid registry, an "owner/name" string in the wrapped one. */
  repo?: { owner?: string; name?: string; platform?: string; originUrl?: string } | string;
  /** Unix epoch seconds. */
  registeredAt?: number | string;
  storageKey?: string;
  /** Behaviour keys: hybrid → `<path>/agent-orchestrator.yaml`; wrapped → inline in the entry. */
  behaviour?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface LegacyRegistrySpec {
  /** Default `hybrid`. */
  shape?: 'hybrid' | 'wrapped';
  projects: Record<string, LegacyRegistryEntry>;
  /** Top-level `defaults`, e.g. `{ agent: 'codex', worker: { agent: 'aider' } }`. */
  defaults?: Record<string, unknown>;
  /** Other top-level keys (`port`, `notifiers`, …). */
  extra?: Record<string, unknown>;
  /** Where to write it; default `store.registryPath`. */
  path?: string;
}

export interface LegacyPortfolioSpec {
  /** `portfolio/preferences.json` `projects`: `{ <id>: { displayName?, pinned?, enabled? } }`. */
  preferences?: Record<string, Record<string, unknown>>;
  /** `portfolio/registered.json` `projects`: `[{ path, configProjectKey?, addedAt }]`. */
  registered?: Array<Record<string, unknown>>;
}

/** A legacy Agent Orchestrator store on disk, for tests. */
export interface LegacyStore {
  /** The fake home directory. */
  readonly home: string;
  /** `<home>/.agent-orchestrator`. */
  readonly root: string;
  /** `<root>/config.yaml`. */
  readonly registryPath: string;
  /** Creates `<home>/code/<name>` (a project's repository dir) and returns its path. */
  repoPath(name: string): string;
  /** Writes the global registry (and, for the hybrid shape, each entry's behaviour file); returns its path. */
  writeRegistry(spec: LegacyRegistrySpec): string;
  /** Writes `<projectPath>/agent-orchestrator.yaml` (or `.yml`) from YAML text or an object; returns its path. */
  writeBehaviourFile(projectPath: string, content: string | Record<string, unknown>, options?: { ext?: 'yaml' | 'yml' }): string;
  /** Writes `<root>/projects/<projectId>/sessions/<sessionId>.json` (an object as legacy JSON, a string verbatim); returns its path. */
  writeSession(projectId: string, sessionId: string, record: Record<string, unknown> | string): string;
  /** Writes an old-layout `key=value` file `<root>/<dirName>/sessions/[archive/]<sessionId>`; returns its path. */
  writeOldLayoutSession(
    dirName: string,
    sessionId: string,
    fields: Record<string, string> | string,
    options?: { archived?: boolean },
  ): string;
  /** Writes any file under the root (for broken or odd content); returns its path. */
  writeFile(relativePath: string, contents: string | Uint8Array): string;
  /** Writes the portfolio overlays that are given. */
  writePortfolio(spec: LegacyPortfolioSpec): void;
  /** Removes the temp home, when the builder created it (a `dir` you passed is yours to remove). */
  cleanup(): void;
}

/** Makes a legacy store under `dir`, or under a new temp dir when none is given. */
export function createLegacyStore(options: { dir?: string } = {}): LegacyStore {
  const ownsHome = options.dir === undefined;
  const home = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ao-migrate-legacy-'));
  const root = path.join(home, '.agent-orchestrator');
  const registryPath = path.join(root, 'config.yaml');
  fs.mkdirSync(root, { recursive: true });

  const write = (file: string, contents: string | Uint8Array): string => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, contents);
    return file;
  };
  const expandHome = (p: string) => (p === '~' ? home : p.startsWith('~/') ? path.join(home, p.slice(2)) : p);

  const store: LegacyStore = {
    home,
    root,
    registryPath,
    repoPath(name) {
      const dir = path.join(home, 'code', name);
      fs.mkdirSync(dir, { recursive: true });
      return dir;
    },
    writeRegistry(spec) {
      const shape = spec.shape ?? 'hybrid';
      const projects: Record<string, Record<string, unknown>> = {};
      for (const [id, { behaviour, ...entry }] of Object.entries(spec.projects)) {
        if (behaviour !== undefined && shape === 'hybrid') store.writeBehaviourFile(expandHome(entry.path), behaviour);
        projects[id] = shape === 'wrapped' ? { ...entry, ...behaviour } : entry;
      }
      const registry = { ...spec.extra, ...(spec.defaults ? { defaults: spec.defaults } : {}), projects };
      return write(spec.path ?? registryPath, stringify(registry));
    },
    writeBehaviourFile(projectPath, content, { ext = 'yaml' } = {}) {
      const text = typeof content === 'string' ? content : stringify(content);
      return write(path.join(projectPath, `agent-orchestrator.${ext}`), text);
    },
    writeSession(projectId, sessionId, record) {
      const text = typeof record === 'string' ? record : JSON.stringify(record, null, 2);
      return write(path.join(root, 'projects', projectId, 'sessions', `${sessionId}.json`), text);
    },
    writeOldLayoutSession(dirName, sessionId, fields, { archived = false } = {}) {
      const text =
        typeof fields === 'string'
          ? fields
          : Object.entries(fields)
              .map(([key, value]) => `${key}=${value}\n`)
              .join('');
      const dir = path.join(root, dirName, 'sessions', ...(archived ? ['archive'] : []));
      return write(path.join(dir, sessionId), text);
    },
    writeFile(relativePath, contents) {
      const file = path.resolve(root, relativePath);
      if (!file.startsWith(root + path.sep)) throw new Error(`writeFile: ${relativePath} is outside the store`);
      return write(file, contents);
    },
    writePortfolio({ preferences, registered }) {
      if (preferences !== undefined) {
        write(path.join(root, 'portfolio', 'preferences.json'), JSON.stringify({ projects: preferences }, null, 2));
      }
      if (registered !== undefined) {
        write(path.join(root, 'portfolio', 'registered.json'), JSON.stringify({ projects: registered }, null, 2));
      }
    },
    cleanup() {
      if (ownsHome) fs.rmSync(home, { recursive: true, force: true });
    },
  };
  return store;
}

/** The parts of a lifecycle v2 a test usually sets. */
export interface LifecycleV2Options {
  /** Session state; default `working`. */
  state?: string;
  kind?: 'worker' | 'orchestrator';
  startedAt?: string;
  lastTransitionAt?: string;
  terminatedAt?: string | null;
  runtimeLastObservedAt?: string;
}

/** A realistic lifecycle v2 object (session, pr and runtime parts) as the legacy tool writes it. */
export function lifecycleV2(options: LifecycleV2Options = {}): Record<string, unknown> {
  const state = options.state ?? 'working';
  const terminal = state === 'done' || state === 'terminated';
  return {
    version: 2,
    session: {
      kind: options.kind ?? 'worker',
      state,
      reason: terminal ? 'manually_killed' : 'task_in_progress',
      startedAt: options.startedAt ?? '2026-06-10T09:15:03.000Z',
      completedAt: null,
      terminatedAt: options.terminatedAt ?? null,
      lastTransitionAt: options.lastTransitionAt ?? '2026-06-10T09:40:00.000Z',
    },
    pr: { state: 'none', reason: 'not_created', number: null, url: null, lastObservedAt: null },
    runtime: {
      state: terminal ? 'exited' : 'alive',
      reason: terminal ? 'process_exited' : 'process_running',
      lastObservedAt: options.runtimeLastObservedAt ?? '2026-06-10T09:41:00.000Z',
      handle: { id: 'ao-tmux-session', runtimeName: 'tmux', data: { createdAt: 1781082902123 } },
      tmuxName: 'ao-tmux-session',
    },
  };
}

/**
 * A realistic current-layout session record (claude-code worker, live,
 * lifecycle v2) with `overrides` applied on top; a key set to `undefined`
 * is removed. Pass `worktree` (and `project` when it should differ from
 * the directory) yourself; `claudeSessionUuid` is random unless given.
 */
export function sessionRecord(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const record: Record<string, unknown> = {
    agent: 'claude-code',
    branch: 'feat/example',
    issue: '42',
    userPrompt: 'Fix the flaky login test',
    createdAt: '2026-06-10T09:15:02.123Z',
    status: 'working',
    claudeSessionUuid: randomUUID(),
    lifecycle: lifecycleV2(),
    ...overrides,
  };
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

/**
 * Realistic old-layout `key=value` fields (pre-April: `stateVersion=2` plus
 * `statePayload` JSON) with `overrides` applied on top.
 */
export function oldLayoutSessionFields(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    agent: 'claude-code',
    branch: 'feat/old-example',
    createdAt: '2026-03-02T10:00:00.000Z',
    status: 'working',
    claudeSessionUuid: randomUUID(),
    stateVersion: '2',
    statePayload: JSON.stringify(lifecycleV2({ startedAt: '2026-03-02T10:00:01.000Z', lastTransitionAt: '2026-03-02T11:00:00.000Z' })),
    ...overrides,
  };
}
