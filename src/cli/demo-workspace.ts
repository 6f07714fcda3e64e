import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { claudeProjectSlug } from '../core/claude/project-slug.js';
import { createLegacyStore, lifecycleV2, oldLayoutSessionFields, sessionRecord } from '../testing/legacy-store-builder.js';
import { writeCodexThread, writeOpencodeSession } from '../testing/agent-stores.js';
import { createRewriteDatabase } from '../testing/rewrite-database.js';

export interface DemoWorkspace {
  dir: string;
  /** The demo's home: codex's and opencode's stores of its sessions are there, as on a user's machine. */
  home: string;
  /** A private tmux socket dir, so that no tmux session of the user's reads as a legacy agent of the demo. */
  tmuxDir: string;
  legacyRoot: string;
  registryPath: string;
  dataDir: string;
  claudeDir: string;
  runFile: string;
}

/**
 * A small but realistic world in a new temp dir: two projects (one with an
 * orchestrator), claude-code, codex and opencode workers, a finished session,
 * an old-layout session, Claude transcripts, codex's and opencode's own
 * stores of their sessions, and a fresh database as npm 0.10.x makes it.
 */
export function buildDemoWorkspace(): DemoWorkspace {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ao-migrate-demo-'));
  const home = path.join(dir, 'home');
  const store = createLegacyStore({ dir: home });
  const claudeDir = path.join(home, '.claude');
  const dataDir = path.join(home, '.ao', 'data');
  createRewriteDatabase(dataDir, 'v23');
  const tmuxDir = path.join(dir, 'tmux');
  fs.mkdirSync(tmuxDir);

  // Absolute paths: `~` would be the real home of whoever runs the demo.
  const appPath = store.repoPath('my-app');
  const apiPath = store.repoPath('billing-api');
  store.writeRegistry({
    projects: {
      'my-app_3f9c2a1b7d': {
        path: appPath,
        displayName: 'My App',
        sessionPrefix: 'ma',
        repo: { owner: 'alice', name: 'my-app', platform: 'github', originUrl: 'git@github.com:alice/my-app.git' },
        registeredAt: 1780000000,
        behaviour: { agent: 'claude-code', agentConfig: { permissions: 'auto-edit' }, tracker: { plugin: 'github' } },
      },
      'billing-api': {
        path: apiPath,
        repo: { owner: 'alice', name: 'billing-api', platform: 'github', originUrl: 'git@github.com:alice/billing-api.git' },
        registeredAt: 1780500000,
        behaviour: { agent: 'codex' },
      },
    },
    defaults: { agent: 'claude-code' },
  });

  const worktree = (projectId: string, sessionId: string) => {
    const dirPath = path.join(store.root, 'projects', projectId, 'worktrees', sessionId);
    fs.mkdirSync(dirPath, { recursive: true });
    return dirPath;
  };
  const withTranscript = (projectId: string, sessionId: string, uuid: string) => {
    const legacyWorktree = worktree(projectId, sessionId);
    const bucket = path.join(claudeDir, 'projects', claudeProjectSlug(fs.realpathSync(legacyWorktree)));
    fs.mkdirSync(bucket, { recursive: true });
    const lines = [
      { type: 'user', sessionId: uuid, message: { role: 'user', content: 'Fix the flaky login test' } },
      { type: 'assistant', sessionId: uuid, message: { role: 'assistant', content: 'Looking at tests/login.spec.ts…' } },
    ];
    fs.writeFileSync(path.join(bucket, `${uuid}.jsonl`), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    return legacyWorktree;
  };

  const app = 'my-app_3f9c2a1b7d';
  const uuid1 = '0b7c5a2e-4f1d-4c36-9a8e-2d7f1e9c3b10';
  store.writeSession(app, 'ma-1', sessionRecord({ project: app, branch: 'feat/login-flake', claudeSessionUuid: uuid1, worktree: withTranscript(app, 'ma-1', uuid1) }));
  const uuid2 = '5e2d9c1a-7b3f-4e8d-8c21-6a4f0b9d2e57';
  store.writeSession(app, 'ma-2', sessionRecord({ project: app, branch: 'feat/dark-mode', userPrompt: 'Add a dark mode toggle', claudeSessionUuid: uuid2, worktree: withTranscript(app, 'ma-2', uuid2), lifecycle: lifecycleV2({ state: 'needs_input' }) }));
  store.writeSession(app, 'ma-3', sessionRecord({ project: app, branch: 'fix/typo', worktree: worktree(app, 'ma-3'), lifecycle: lifecycleV2({ state: 'done' }) }));
  const uuid0 = '9d1e4b7a-2c6f-4a83-b5e0-7f3c8d2a1e64';
  store.writeSession(app, 'ma-orchestrator', sessionRecord({ project: app, role: 'orchestrator', branch: 'orchestrator/ma', claudeSessionUuid: uuid0, worktree: withTranscript(app, 'ma-orchestrator', uuid0), lifecycle: lifecycleV2({ kind: 'orchestrator', state: 'idle' }) }));

  const api = 'billing-api';
  const codexHome = path.join(home, '.codex');
  const thread1 = '019a7c2e-5b1d-7f40-9e3a-1c8d2b6f4a90';
  const worktree1 = worktree(api, 'ba-1');
  writeCodexThread({ codexHome, threadId: thread1, cwd: worktree1, title: 'Generate monthly invoices' });
  store.writeSession(api, 'ba-1', sessionRecord({ project: api, agent: 'codex', claudeSessionUuid: undefined, codexThreadId: thread1, codexModel: 'gpt-5-codex', branch: 'feat/invoices', worktree: worktree1 }));
  const worktree2 = worktree(api, 'ba-2');
  writeOpencodeSession({ dataDir: path.join(home, '.local', 'share', 'opencode'), sessionId: 'ses_7hQ2kLm9xPz4', directory: worktree2, title: 'Refunds endpoint' });
  store.writeSession(api, 'ba-2', sessionRecord({ project: api, agent: 'opencode', claudeSessionUuid: undefined, opencodeSessionId: 'ses_7hQ2kLm9xPz4', branch: 'feat/refunds', worktree: worktree2 }));
  const thread3 = '019a7c2e-aaaa-7f40-9e3a-1c8d2b6f4a91';
  const worktree3 = path.join(home, '.worktrees', api, 'ba-3');
  writeCodexThread({ codexHome, threadId: thread3, cwd: worktree3, title: 'Bump dependencies', createdAt: new Date('2026-03-02T10:00:00Z') });
  store.writeOldLayoutSession('a1b2c3d4e5f6-billing-api', 'ba-3', oldLayoutSessionFields({ project: api, agent: 'codex', codexThreadId: thread3, claudeSessionUuid: '', branch: 'chore/deps', worktree: worktree3 }));
  store.writeFile('projects/billing-api/sessions/ba-4.json', '');

  return {
    dir,
    home,
    tmuxDir,
    legacyRoot: store.root,
    registryPath: store.registryPath,
    dataDir,
    claudeDir,
    runFile: path.join(home, '.ao', 'running.json'),
  };
}
