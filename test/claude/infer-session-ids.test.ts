import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inferClaudeSessionIds } from '../../src/core/claude/infer-session-ids.js';
import type { LegacySession, LegacySnapshot } from '../../src/core/legacy/types.js';
import { legacyProject, legacySession } from '../map/legacy-builders.js';

let home: string;
beforeEach(() => {
  home = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ao-migrate-infer-')));
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

const claudeDir = () => path.join(home, '.claude');

/** Writes `<bucket of dir>/<name>` (Claude Code's slug rule) with the given mtime. */
function transcript(dir: string, name: string, mtime: string): void {
  const bucket = path.join(claudeDir(), 'projects', dir.replace(/[^a-zA-Z0-9]/g, '-'));
  fs.mkdirSync(bucket, { recursive: true });
  fs.writeFileSync(path.join(bucket, name), '{"type":"user"}\n');
  fs.utimesSync(path.join(bucket, name), new Date(mtime), new Date(mtime));
}

function infer(sessions: LegacySession[], projectPath = path.join(home, 'repo')): LegacySession[] {
  const snapshot: LegacySnapshot = {
    root: path.join(home, '.agent-orchestrator'),
    registries: [],
    projects: [legacyProject({ path: projectPath })],
    sessions,
    problems: [],
    notes: [],
  };
  return inferClaudeSessionIds(snapshot, { claudeDir: claudeDir(), homeDir: home }).sessions;
}

describe('inferClaudeSessionIds (what legacy 0.2.x resumed)', () => {
  it('takes the newest *.jsonl not named agent-*, and names the others newest first', () => {
    const worktree = path.join(home, '.worktrees', 'app', 'ao-1');
    fs.mkdirSync(worktree, { recursive: true });
    transcript(worktree, 'first.jsonl', '2026-06-01T10:00:00Z');
    transcript(worktree, 'second.jsonl', '2026-06-01T11:00:00Z');
    transcript(worktree, 'third.jsonl', '2026-06-01T12:00:00Z');
    transcript(worktree, 'agent-1a2b.jsonl', '2026-06-01T13:00:00Z'); // a sidechain: never resumed
    transcript(worktree, 'notes.txt', '2026-06-01T14:00:00Z');
    const [session] = infer([legacySession({ agent: 'claude-code', worktree, createdAt: '2026-06-01T09:00:00Z' })]);
    expect(session?.claudeInference).toEqual({
      uuid: 'third',
      bucket: path.join(claudeDir(), 'projects', worktree.replace(/[^a-zA-Z0-9]/g, '-')),
      otherCandidates: ['second', 'first'],
    });
  });

  it('in the project checkout, counts only what was written after the session started; says when that is nothing', () => {
    const repo = path.join(home, 'repo');
    fs.mkdirSync(path.join(repo, '.git'), { recursive: true });
    transcript(repo, 'users-own.jsonl', '2026-05-01T00:00:00Z');
    const orchestrator = legacySession({ id: 'ao-orchestrator', role: 'orchestrator', agent: 'claude-code', worktree: repo, createdAt: '2026-06-01T00:00:00Z' });
    expect(infer([orchestrator])[0]?.claudeInference).toEqual({
      reason: expect.stringContaining('holds only transcripts written before it started (2026-06-01T00:00:00Z): your own, not its'),
    });

    transcript(repo, 'its-own.jsonl', '2026-06-02T00:00:00Z');
    expect(infer([orchestrator])[0]?.claudeInference).toMatchObject({ uuid: 'its-own', otherCandidates: [], writtenAfter: '2026-06-01T00:00:00Z' });
    // Without a usable createdAt there is no telling its transcripts from the user's.
    expect(infer([{ ...orchestrator, createdAt: 'soon' }])[0]?.claudeInference).toEqual({
      reason: expect.stringContaining('its createdAt is missing or not a valid time'),
    });
  });

  it("a repository's main worktree counts as a checkout even when it is not the project's registered path", () => {
    const other = path.join(home, 'other-clone');
    fs.mkdirSync(path.join(other, '.git'), { recursive: true });
    transcript(other, 'before.jsonl', '2026-05-01T00:00:00Z');
    const [session] = infer([legacySession({ agent: 'claude-code', worktree: other, createdAt: '2026-06-01T00:00:00Z' })]);
    expect(session?.claudeInference?.uuid).toBeUndefined();
  });

  it('leaves alone sessions with a recorded id, of another agent, finished, or without a worktree; says when a bucket is empty', () => {
    const worktree = path.join(home, 'wt');
    transcript(worktree, 'only.jsonl', '2026-06-01T00:00:00Z');
    const untouched = [
      legacySession({ agent: 'claude-code', worktree, claudeSessionUuid: 'recorded' }),
      legacySession({ agent: 'codex', worktree }),
      legacySession({ agent: 'claude-code', worktree, status: 'killed' }),
      legacySession({ agent: 'claude-code' }),
    ];
    expect(infer(untouched).map((s) => s.claudeInference)).toEqual([undefined, undefined, undefined, undefined]);
    expect(infer([legacySession({ worktree })])[0]?.claudeInference?.uuid).toBe('only'); // no agent recorded: may be claude
    const [empty] = infer([legacySession({ agent: 'claude-code', worktree: path.join(home, 'gone') })]);
    expect(empty?.claudeInference).toEqual({ reason: expect.stringMatching(/^there is no transcript \(\*\.jsonl, not agent-\*\) in /) });
  });
});
