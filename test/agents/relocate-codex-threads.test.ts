import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkCodexDirectory, codexHome, relocateCodexThreads, undoCodexCopies } from '../../src/core/agent-directory/index.js';
import { copyThreadId } from '../../src/core/agent-directory/codex/copy-thread-id.js';
import { hashTree } from '../../src/testing/hash-tree.js';
import { isBackup, storeContent } from './agent-world.js';

/**
 * The codex relocation's decisions on a store in the shape codex 0.144–0.171
 * write (test/agents/codex-resume.test.ts runs the real binaries): what is
 * copied and how, re-runs, conflicts, unknown formats, a store in use, undo.
 */
const THREAD = '01a23119-7e27-7862-b3be-026385935deb';
let root: string;
let home: string;
let legacy: string;
let managed: string;
let rollout: string;

beforeEach(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'codex-unit-')));
  home = path.join(root, '.codex');
  legacy = path.join(root, 'legacy');
  managed = path.join(root, 'data', 'worktrees', 'p', 'p-1');
  fs.mkdirSync(legacy);
  const day = path.join(home, 'sessions', '2026', '12', '01');
  fs.mkdirSync(day, { recursive: true });
  rollout = path.join(day, `rollout-2026-12-01T10-14-44-${THREAD}.jsonl`);
  fs.writeFileSync(rollout, lines(legacy).join('\n') + '\n');
  const db = new Database(path.join(home, 'state_5.sqlite'));
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE threads (id TEXT PRIMARY KEY, rollout_path TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
    cwd TEXT NOT NULL, title TEXT NOT NULL, sandbox_policy TEXT NOT NULL, git_branch TEXT)`);
  db.prepare('INSERT INTO threads VALUES (?, ?, 1796120084, 1796120090, ?, ?, ?, ?)').run(THREAD, rollout, legacy, 'first task', `{"path":"${legacy}"}`, 'feat');
  db.close();
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function lines(cwd: string, extra: string[] = []): string[] {
  return [
    `{"timestamp":"2026-12-01T10:14:44.134Z","type":"session_meta","payload":{"session_id":"${THREAD}","id":"${THREAD}","cwd":"${cwd}","runtime_workspace_roots":["${cwd}","/opt/shared"],"base_instructions":{"text":"Say \\"hi\\" caf\\u00e9 \\/"},"git":{"branch":"feat"}}}`,
    `{"timestamp":"2026-12-01T10:14:44.2Z","type":"response_item","payload":{"type":"message","role":"user","content":[{"type":"input_text","text":"<cwd>${cwd}</cwd>"}]}}`,
    `{"timestamp":"2026-12-01T10:14:44.3Z","type":"world_state","payload":{"full":true,"state":{"environments":{"local":{"cwd":"${cwd}"}}}}}`,
    `{"timestamp":"2026-12-01T10:14:44.4Z","type":"turn_context","payload":{"turn_id":"t1","cwd":"${cwd}","workspace_roots":["${cwd}"],"temperature":1.0}}`,
    `{"timestamp":"2026-12-01T10:14:44.5Z","type":"event_msg","payload":{"type":"task_complete","thread_id":"${THREAD}"}}`,
    ...extra,
  ];
}

const request = () => ({ sessionId: 'p-1', agentSessionId: THREAD, legacyWorktree: legacy, managedPath: managed });
const relocate = (dryRun = false) => relocateCodexThreads([request()], { codexHome: home, dryRun, now: new Date('2026-12-01T12:00:00Z') });
const threads = () => {
  const db = new Database(path.join(home, 'state_5.sqlite'), { readonly: true });
  try {
    return db.prepare('SELECT * FROM threads ORDER BY id').all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
};

describe('relocateCodexThreads', () => {
  it('copies the thread with the managed directory where codex resumes from, and nothing else changed', () => {
    const original = fs.readFileSync(rollout);
    const originalRow = threads()[0]!;
    const run = relocate();
    const copyId = copyThreadId(THREAD, managed);
    expect(run.outcomes).toEqual([{ sessionId: 'p-1', harness: 'codex', agentSessionId: THREAD, resumeId: copyId, status: 'created', notes: [] }]);
    const copyPath = rollout.replace(THREAD, copyId);
    // cwd and the legacy root on the directory lines; the ids on the first; every other byte as it was.
    const expected = lines(legacy);
    expected[0] = expected[0]!
      .replace(`"session_id":"${THREAD}","id":"${THREAD}","cwd":"${legacy}","runtime_workspace_roots":["${legacy}"`, `"session_id":"${copyId}","id":"${copyId}","cwd":"${managed}","runtime_workspace_roots":["${managed}"`);
    expected[3] = expected[3]!.replace(`"cwd":"${legacy}"`, `"cwd":"${managed}"`);
    expect(fs.readFileSync(copyPath, 'utf8')).toBe(expected.join('\n') + '\n');
    expect(Math.abs(fs.statSync(copyPath).mtimeMs - fs.statSync(rollout).mtimeMs)).toBeLessThan(2);
    expect(fs.readFileSync(rollout).equals(original)).toBe(true);
    expect(threads()).toEqual([{ ...originalRow, id: copyId, rollout_path: copyPath, cwd: managed }, originalRow].sort((a, b) => String(a.id).localeCompare(String(b.id))));
    expect(run.records).toEqual([
      expect.objectContaining({ sessionId: 'p-1', threadId: THREAD, copyThreadId: copyId, rollout: expect.objectContaining({ path: copyPath }) }),
    ]);
    expect(fs.existsSync(run.backupPath!)).toBe(true);
    expect(checkCodexDirectory(home, copyId, managed)).toEqual({ kind: 'managed' });
    expect(checkCodexDirectory(home, THREAD, managed)).toEqual({ kind: 'elsewhere', recorded: legacy });
  });

  it('a dry run decides the same and leaves no trace', () => {
    const before = storeContent(home);
    const names = fs.readdirSync(home);
    expect(relocate(true).outcomes[0]).toMatchObject({ status: 'created', resumeId: copyThreadId(THREAD, managed) });
    expect(storeContent(home)).toEqual(before);
    expect(fs.readdirSync(home)).toEqual(names);
  });

  it('finds its copy on a re-run, and refreshes a copy the thread outgrew', () => {
    relocate();
    expect(relocate().outcomes[0]).toMatchObject({ status: 'already-present' });
    fs.appendFileSync(rollout, `{"timestamp":"2026-12-01T11:00:00Z","type":"turn_context","payload":{"cwd":"${legacy}"}}\n`);
    const again = relocate();
    expect(again.outcomes[0]).toMatchObject({ status: 'created', notes: [expect.objectContaining({ message: expect.stringContaining('strict prefix') })] });
    const copy = fs.readFileSync(rollout.replace(THREAD, copyThreadId(THREAD, managed)), 'utf8');
    expect(copy.trimEnd().split('\n').at(-1)).toContain(`"cwd":"${managed}"`);
  });

  it('keeps a copy that went on in the rewrite: conflict', () => {
    relocate();
    fs.appendFileSync(rollout.replace(THREAD, copyThreadId(THREAD, managed)), '{"type":"event_msg","payload":{"type":"resumed"}}\n');
    expect(relocate().outcomes[0]).toMatchObject({ status: 'conflict', notResumable: expect.stringMatching(/^Not resumable in the new worktree: /) });
  });

  it('leaves alone a thread that also ran elsewhere, and a rollout in a format not measured', () => {
    fs.writeFileSync(rollout, lines(legacy, ['{"type":"turn_context","payload":{"cwd":"/somewhere/else"}}']).join('\n') + '\n');
    const before = storeContent(home);
    expect(relocate().outcomes[0]).toMatchObject({ status: 'conflict', reason: expect.stringContaining('/somewhere/else') });
    fs.writeFileSync(rollout, lines(legacy, ['{"type":"rollout_v9","payload":{}}']).join('\n') + '\n');
    expect(relocate().outcomes[0]).toMatchObject({ status: 'skipped', notResumable: expect.stringContaining('"rollout_v9"') });
    expect(storeContent(home, isBackup)).toEqual({ ...before, [path.relative(home, rollout)]: storeContent(home)[path.relative(home, rollout)]! });
    expect(fs.readdirSync(home).filter(isBackup)).toEqual([]);
  });

  it('leaves alone a thread index of another shape (no threads table, or one without a column the copy needs), for every thread of the run', () => {
    const second = { ...request(), sessionId: 'p-2', agentSessionId: '01a23119-0000-7000-8000-000000000001' };
    const reshape = (sql: string) => {
      const db = new Database(path.join(home, 'state_5.sqlite'));
      db.exec(sql);
      db.close();
    };
    for (const [sql, found] of [
      ['ALTER TABLE threads DROP COLUMN cwd', 'lacks cwd'],
      ['ALTER TABLE threads RENAME TO threads_v9', 'lacks id, rollout_path, cwd'],
    ] as const) {
      reshape(sql);
      const before = hashTree(home);
      const run = relocateCodexThreads([request(), second], { codexHome: home, now: new Date('2026-12-01T12:00:00Z') });
      expect(run.outcomes.map((item) => [item.sessionId, item.status])).toEqual([['p-1', 'skipped'], ['p-2', 'skipped']]);
      for (const item of run.outcomes) {
        expect(item.reason).toContain(`${path.join(home, 'state_5.sqlite')} has no threads table with the columns id, rollout_path, cwd (${found})`);
        expect(item.notResumable).toMatch(/^Not resumable in the new worktree: .*not the format measured with codex/);
        expect(item.resumeId).toBeUndefined();
      }
      expect(run.records).toEqual([]);
      expect(hashTree(home)).toBe(before);
    }
  });

  it('says why when there is nothing to copy', () => {
    const outcome = (agentSessionId: string) =>
      relocateCodexThreads([{ ...request(), agentSessionId }], { codexHome: home }).outcomes[0];
    expect(outcome('../etc')).toMatchObject({ status: 'skipped', reason: expect.stringContaining('not a codex thread id') });
    expect(outcome('01a23119-0000-7000-8000-000000000000')).toMatchObject({ status: 'skipped', reason: expect.stringContaining('no thread') });
    expect(relocateCodexThreads([request()], { codexHome: path.join(root, 'nowhere') }).outcomes[0]).toMatchObject({ status: 'skipped', notResumable: expect.any(String) });
    expect(codexHome({ CODEX_HOME: '/x' }, '/home/u')).toBe('/x');
    expect(codexHome({ CODEX_HOME: '' }, '/home/u')).toBe('/home/u/.codex');
  });

  it('writes nothing while codex has its store open, and a re-run with nothing to write does not mind', () => {
    const codex = new Database(path.join(home, 'state_5.sqlite'));
    try {
      codex.prepare('SELECT count(*) FROM threads').get();
      const before = storeContent(home);
      expect(relocate().outcomes[0]).toMatchObject({ status: 'failed', reason: expect.stringContaining('codex has') });
      expect(storeContent(home)).toEqual(before);
    } finally {
      codex.close();
    }
    relocate();
    const again = new Database(path.join(home, 'state_5.sqlite'));
    try {
      again.prepare('SELECT count(*) FROM threads').get();
      expect(relocate().outcomes[0]).toMatchObject({ status: 'already-present', resumeId: copyThreadId(THREAD, managed) });
    } finally {
      again.close();
    }
  });

  it('undo removes the copy exactly, and keeps one resumed since unless forced', () => {
    const before = storeContent(home, isBackup);
    const run = relocate();
    expect(undoCodexCopies(run.records)).toMatchObject([{ status: 'removed' }]);
    expect(storeContent(home, isBackup)).toEqual(before);
    expect(undoCodexCopies(run.records)).toMatchObject([{ status: 'already-gone' }]);

    const again = relocate();
    const db = new Database(path.join(home, 'state_5.sqlite'));
    db.prepare('UPDATE threads SET updated_at = updated_at + 60 WHERE id = ?').run(again.records[0]!.copyThreadId);
    db.close();
    expect(undoCodexCopies(again.records)).toMatchObject([{ status: 'refused', reason: expect.stringContaining('threads.updated_at') }]);
    expect(undoCodexCopies(again.records, { dryRun: true, force: true })).toMatchObject([{ status: 'removed' }]);
    expect(fs.existsSync(again.records[0]!.rollout.path)).toBe(true);
    expect(undoCodexCopies(again.records, { force: true })).toMatchObject([{ status: 'removed', reason: expect.stringContaining('forced') }]);
    expect(storeContent(home, isBackup)).toEqual(before);
  });
});
