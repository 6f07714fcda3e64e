import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { legacyRunningRefusal } from '../../src/core/legacy-agents/live-legacy-agents.js';
import { tmuxSessionNames } from '../../src/core/legacy-agents/tmux-session-names.js';
import { readMigratedTables } from '../../src/testing/rewrite-database.js';
import { writeCodexThread } from '../../src/testing/agent-stores.js';
import { lifecycleV2, sessionRecord } from '../../src/testing/legacy-store-builder.js';
import { makeWorld, type World } from '../e2e/world.js';

/**
 * Legacy agents still running (issue 16), with a real tmux server of the
 * test's own (private TMUX_TMPDIR), killed by its socket afterwards.
 */
const tmuxVersion = spawnSync('tmux', ['-V'], { encoding: 'utf8' });
const haveTmux = tmuxVersion.status === 0;
if (!haveTmux) console.log('skipping the live legacy agent tests: tmux is not installed (.ci/run installs it)');

const UUID = '3c3c3c3c-0000-4000-8000-000000000001';

const THREAD_2 = '0197a6c2-0000-7000-8000-000000000002';
let world: World;
let tmuxDir: string;
const tmuxEnv = () => ({ PATH: process.env.PATH, HOME: world.home, TMUX_TMPDIR: tmuxDir });
const tmux = (...args: string[]) => execFileSync('tmux', args, { env: tmuxEnv(), stdio: 'ignore' });
const run = (args: string[]) => world.run(args, { TMUX_TMPDIR: tmuxDir });
const json = (args: string[]) => {
  const result = run([...args, '--json']);
  return { status: result.status, report: JSON.parse(result.stdout) };
};
let transcript: string;

beforeEach(() => {
  world = makeWorld();
  tmuxDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ao-tmux-'));
  const { store } = world;
  store.repoPath('app');
  store.writeRegistry({ projects: { app: { path: '~/code/app', sessionPrefix: 'app', registeredAt: 1780000000 } } });
  const wt1 = world.legacyWorktree('app', 'app-1');
  transcript = world.writeTranscript(wt1, UUID, ['{"type":"user","message":"first turn"}']);
  store.writeSession('app', 'app-1', sessionRecord({ project: 'app', agent: 'claude-code', claudeSessionUuid: UUID, branch: 'feat/one', worktree: wt1, lifecycle: lifecycleV2({ state: 'working' }) }));
  const wt2 = world.legacyWorktree('app', 'app-2');
  writeCodexThread({ codexHome: path.join(world.home, '.codex'), threadId: THREAD_2, cwd: wt2 });
  store.writeSession('app', 'app-2', sessionRecord({ project: 'app', agent: 'codex', claudeSessionUuid: undefined, codexThreadId: THREAD_2, worktree: wt2, branch: 'feat/two', tmuxName: 'legacy-app-2', lifecycle: lifecycleV2({ state: 'idle' }) }));
});
afterEach(() => {
  // Only our own server, by its socket: nothing else on the machine is touched.
  const socket = path.join(tmuxDir, `tmux-${process.getuid?.() ?? 0}`, 'default');
  if (haveTmux && fs.existsSync(socket)) spawnSync('tmux', ['-S', socket, 'kill-server'], { stdio: 'ignore' });
  fs.rmSync(tmuxDir, { recursive: true, force: true });
  world.cleanup();
});

describe.skipIf(!haveTmux)('legacy agents still running (real tmux)', () => {
  it('a live tmux session named like a migrated id blocks the real run and the dry run; nothing is written', () => {
    tmux('new-session', '-d', '-s', 'app-1', 'sleep 600');
    tmux('new-session', '-d', '-s', 'legacy-app-2', 'sleep 600');
    tmux('new-session', '-d', '-s', 'unrelated', 'sleep 600');
    const dbBefore = fs.readFileSync(world.dbPath);
    for (const args of [[], ['--dry-run']]) {
      const { status, report } = json(args);
      expect(status).toBe(2);
      expect(report.refusal.code).toBe('LEGACY_RUNNING');
      expect(report.refusal.message).toContain('app-1 (tmux session app-1)');
      expect(report.refusal.message).toContain('app-2 (tmux session legacy-app-2)');
      expect(report.refusal.message).not.toContain('unrelated');
      expect(report.refusal.message).toContain('tmux kill-session -t app-1');
    }
    const human = run([]);
    expect(human.status).toBe(2);
    expect(human.stderr).toContain('refused (LEGACY_RUNNING)');
    // The list of running agents one per line, not escaped into one.
    expect(human.stderr).not.toContain('\\n');
    expect(human.stderr.split('\n').filter((line) => line.includes('(tmux session ')).length).toBeGreaterThanOrEqual(2);
    expect(fs.readFileSync(world.dbPath).equals(dbBefore)).toBe(true);
    // No transcript was copied: only the legacy bucket is there.
    expect(fs.readdirSync(path.join(world.claudeDir, 'projects'))).toEqual([path.basename(path.dirname(transcript))]);
  });

  it('--allow-running-legacy migrates, reports those sessions not resumable, and status says so live; a re-run once stopped refreshes the transcript', () => {
    tmux('new-session', '-d', '-s', 'app-1', 'sleep 600');
    const { status, report } = json(['--allow-running-legacy']);
    expect(status).toBe(0);
    const app1 = report.sessions.find((s: { id: string }) => s.id === 'app-1');
    expect(app1).toMatchObject({ status: 'created', resumable: false });
    expect(app1.resumeBlockers).toEqual([expect.stringContaining('legacy agent is still running (tmux session app-1)')]);
    expect(report.sessions.find((s: { id: string }) => s.id === 'app-2')).toMatchObject({ resumable: true });
    expect(readMigratedTables(world.dbPath).sessions.map((s) => s.id)).toEqual(['app-1', 'app-2']);

    const during = json(['status']).report.sessions.find((s: { id: string }) => s.id === 'app-1');
    expect(during).toMatchObject({ migrated: true, resumable: false });
    expect(during.reasons).toEqual([expect.stringContaining('legacy agent is still running')]);

    // The agent worked on after the copy, then was stopped.
    fs.appendFileSync(transcript, '{"type":"assistant","message":"a later turn"}\n');
    tmux('kill-session', '-t', '=app-1');
    const rerun = json([]);
    expect(rerun.status).toBe(0);
    expect(rerun.report.transcripts).toEqual([expect.objectContaining({ sessionId: 'app-1', status: 'created' })]);
    expect(fs.readFileSync(rerun.report.transcripts[0].destination, 'utf8')).toContain('a later turn');
    expect(rerun.report.sessions.find((s: { id: string }) => s.id === 'app-1')).toMatchObject({ status: 'already-present', resumable: true });
    expect(json(['status']).report.sessions.every((s: { resumable: boolean }) => s.resumable)).toBe(true);
  });
});

describe('the legacy tool itself running', () => {
  it('refuses while the pid in the legacy run file is alive, and not once it is gone', () => {
    const runFile = path.join(world.store.root, 'running.json');
    fs.writeFileSync(runFile, JSON.stringify({ pid: process.pid, configPath: world.store.registryPath, port: 3000, startedAt: '2026-06-01T00:00:00Z', projects: ['app'] }));
    const { status, report } = json(['--dry-run']);
    expect(status).toBe(2);
    expect(report.refusal.message).toContain(`the legacy ao itself (pid ${process.pid}`);

    const exited = spawnSync(process.execPath, ['-e', '']);
    fs.writeFileSync(runFile, JSON.stringify({ pid: exited.pid, configPath: world.store.registryPath, port: 3000 }));
    expect(json(['--dry-run']).status).toBe(0);
  });
});

describe('the LEGACY_RUNNING refusal with many live agents', () => {
  it('names the first ten sessions, then how many more; the legacy ao itself still named', () => {
    const sessions = new Map(Array.from({ length: 12 }, (_, i) => [`app-${i + 1}`, `tmux-app-${i + 1}`] as const));
    const refusal = legacyRunningRefusal({ sessions, legacyProcess: { pid: 4242, runFile: '/legacy/running.json' } });
    expect(refusal?.code).toBe('LEGACY_RUNNING');
    const named = refusal?.message.split('\n').filter((line) => line.startsWith('  app-')) ?? [];
    expect(named).toEqual(Array.from({ length: 10 }, (_, i) => `  app-${i + 1} (tmux session tmux-app-${i + 1})`));
    expect(refusal?.message).toContain('\n  … and 2 more\n');
    expect(refusal?.message).toContain('the legacy ao itself (pid 4242, per /legacy/running.json)');
    expect(refusal?.message).toContain('`tmux kill-session -t tmux-app-1`');
  });

  it('names all ten when there are exactly ten, without a count', () => {
    const sessions = new Map(Array.from({ length: 10 }, (_, i) => [`app-${i + 1}`, `app-${i + 1}`] as const));
    const message = legacyRunningRefusal({ sessions })?.message ?? '';
    expect(message).toContain('  app-10 (tmux session app-10)');
    expect(message).not.toContain('more');
  });
});

describe('which tmux server is asked', () => {
  it('none running under a private TMUX_TMPDIR: nothing is alive, no error', () => {
    expect(tmuxSessionNames({ PATH: process.env.PATH, HOME: world.home, TMUX_TMPDIR: tmuxDir })).toEqual([]);
  });

  it('tmux not on the PATH: nothing is alive, no error', () => {
    const emptyBin = fs.mkdtempSync(path.join(tmuxDir, 'bin-'));
    expect(tmuxSessionNames({ PATH: emptyBin, HOME: world.home, TMUX_TMPDIR: tmuxDir })).toEqual([]);
  });

  it.skipIf(!haveTmux)("the server under the given TMUX_TMPDIR, or the one $TMUX names (inside tmux), not the machine's default", () => {
    tmux('new-session', '-d', '-s', 'legacy-app-9', 'sleep 600');
    expect(tmuxSessionNames(tmuxEnv())).toEqual(['legacy-app-9']);
    const socket = path.join(tmuxDir, `tmux-${process.getuid?.() ?? 0}`, 'default');
    const elsewhere = fs.mkdtempSync(path.join(tmuxDir, 'elsewhere-'));
    expect(tmuxSessionNames({ PATH: process.env.PATH, HOME: world.home, TMUX_TMPDIR: elsewhere, TMUX: `${socket},1,0` })).toEqual(['legacy-app-9']);
  });
});
