import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { nodeFileSystem, type FileSystem } from '../../src/core/effects/fs.js';
import { runRecord } from '../../src/core/ledger/append-run.js';
import type { LedgerRun } from '../../src/core/ledger/ledger-schema.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ao-migrate-ledger-'));
  file = path.join(dir, 'legacy-migration.json');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const now = new Date('2026-12-01T10:00:00Z');
const session = (id: string) => ({ id, projectId: 'p', num: 1, updatedAt: 'x', isTerminated: 0, activityState: 'idle', runtimeHandleId: '' });
const run = (runId: string, sessions: string[], state: 'started' | 'complete' = 'started'): LedgerRun => ({
  runId,
  state,
  runAt: now.toISOString(),
  dbPath: path.join(dir, 'ao.db'),
  backupPath: null,
  mode: 'restorable',
  projects: [],
  sessions: sessions.map(session),
  transcripts: [],
});
const ledgerRuns = () => (JSON.parse(fs.readFileSync(file, 'utf8')) as { runs: LedgerRun[] }).runs;

describe('runRecord', () => {
  it('records the intent after the earlier runs, replaces it as the run goes, and completes it in place', () => {
    fs.writeFileSync(file, JSON.stringify({ ledgerVersion: 1, runs: [{ ...run('earlier', ['e-1'], 'complete'), undoneAt: 'then' }] }));
    const record = runRecord(nodeFileSystem, file, now);

    expect(record.update(run('this', ['a-1', 'a-2']))).toEqual([]);
    expect(ledgerRuns().map((r) => [r.runId, r.state, r.sessions.length])).toEqual([['earlier', 'complete', 1], ['this', 'started', 2]]);
    record.update(run('this', ['a-1', 'a-2', 'a-3']));
    expect(record.complete(run('this', ['a-1'], 'complete'))).toEqual([]);

    const runs = ledgerRuns();
    expect(runs.map((r) => [r.runId, r.state, r.sessions.map((s) => s.id)])).toEqual([['earlier', 'complete', ['e-1']], ['this', 'complete', ['a-1']]]);
    expect(runs[0]?.undoneAt).toBe('then');
  });

  it('writes nothing for a run that changes nothing, and takes back its intent when it did nothing after all', () => {
    const record = runRecord(nodeFileSystem, file, now);
    expect(record.update(run('this', []))).toEqual([]);
    expect(fs.existsSync(file)).toBe(false);

    record.update(run('this', ['a-1']));
    record.complete(run('this', [], 'complete'));
    expect(fs.existsSync(file)).toBe(false);
  });

  it('moves an unreadable ledger aside instead of writing over it', () => {
    fs.writeFileSync(file, '{ not json');
    const notes = runRecord(nodeFileSystem, file, now).update(run('this', ['a-1']));

    const aside = `${file}.unreadable-2026-12-01T10-00-00.000Z`;
    expect(fs.readFileSync(aside, 'utf8')).toBe('{ not json');
    expect(notes.map((n) => n.message)).toEqual([expect.stringContaining(`moved to ${aside}`)]);
    expect(ledgerRuns().map((r) => r.runId)).toEqual(['this']);
  });

  it('refuses the run when its intent cannot be written, and only notes a completion that cannot', () => {
    let failWrites = true;
    const failing: FileSystem = {
      ...nodeFileSystem,
      renameSync: (from, to) => {
        if (failWrites) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
        nodeFileSystem.renameSync(from, to);
      },
    };
    expect(() => runRecord(failing, file, now).update(run('this', ['a-1']))).toThrow(expect.objectContaining({ code: 'LEDGER_UNWRITABLE' }));
    expect(fs.readdirSync(dir)).toEqual([]);

    failWrites = false;
    const record = runRecord(failing, file, now);
    record.update(run('this', ['a-1']));
    failWrites = true;
    const notes = record.complete(run('this', ['a-1'], 'complete'));
    expect(notes.map((n) => n.message)).toEqual([expect.stringContaining('could not be completed (no space left on device)')]);
    expect(ledgerRuns().map((r) => [r.runId, r.state])).toEqual([['this', 'started']]);
    expect(fs.readdirSync(dir)).toEqual(['legacy-migration.json']);
  });
});
