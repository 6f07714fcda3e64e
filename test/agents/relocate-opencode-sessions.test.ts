import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  checkOpencodeDirectory,
  opencodeDatabase,
  opencodeDataDir,
  relocateOpencodeSessions,
  undoOpencodeDirectories,
} from '../../src/core/agent-directory/index.js';
import { hashTree } from '../../src/testing/hash-tree.js';
import { databaseRows, isBackup, storeContent } from './agent-world.js';

/**
 * The opencode relocation's decisions on a store in the shape opencode 1.18
 * writes (test/agents/opencode-resume.test.ts runs the real binaries), and
 * on the older JSON storage (not measured: written here as documented).
 */
const SESSION = 'ses_dcee0ce14ffej2g8u9OPegCoiw';
const OTHER = 'ses_other0000000000000000000';
let root: string;
let dataDir: string;
let database: string;
let legacy: string;
let managed: string;
let jsonFile: string;

beforeEach(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'opencode-unit-')));
  dataDir = path.join(root, 'opencode');
  database = path.join(dataDir, 'opencode.db');
  legacy = path.join(root, 'legacy');
  managed = path.join(root, 'data', 'worktrees', 'p', 'p-1');
  fs.mkdirSync(legacy);
  fs.mkdirSync(dataDir);
  const db = new Database(database);
  db.pragma('journal_mode = WAL');
  db.exec(`CREATE TABLE project (id TEXT PRIMARY KEY, worktree TEXT NOT NULL);
    CREATE TABLE session (id TEXT PRIMARY KEY, project_id TEXT NOT NULL REFERENCES project(id), slug TEXT NOT NULL, directory TEXT NOT NULL,
      path TEXT, title TEXT NOT NULL, version TEXT NOT NULL, time_created INTEGER NOT NULL, time_updated INTEGER NOT NULL)`);
  db.prepare('INSERT INTO project VALUES (?, ?)').run('65a36e', legacy);
  const insert = db.prepare('INSERT INTO session VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?)');
  insert.run(SESSION, '65a36e', 'shiny-river', legacy, 'New session', '1.18.3', 1796120323107, 1796120328224);
  insert.run(OTHER, '65a36e', 'calm-lake', legacy, 'Another', '1.18.3', 1796120323108, 1796120328225);
  db.close();
  jsonFile = path.join(dataDir, 'storage', 'session', '65a36e', `${SESSION}.json`);
  fs.mkdirSync(path.dirname(jsonFile), { recursive: true });
  fs.writeFileSync(jsonFile, `{\n  "id": "${SESSION}",\n  "version": "0.3.0",\n  "projectID": "65a36e",\n  "directory": "${legacy}",\n  "title": "caf\\u00e9",\n  "time": {\n    "created": 1.0\n  }\n}`);
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const request = (agentSessionId = SESSION) => ({ sessionId: 'p-1', agentSessionId, legacyWorktree: legacy, managedPath: managed });
const relocate = (dryRun = false) => relocateOpencodeSessions([request()], { dataDir, database, dryRun, now: new Date('2026-12-01T12:00:00Z') });

describe('relocateOpencodeSessions', () => {
  it('sets only that session’s directory, in the database and in its JSON file', () => {
    const before = storeContent(dataDir);
    const json = fs.readFileSync(jsonFile, 'utf8');
    const run = relocate();
    expect(run.outcomes).toEqual([{ sessionId: 'p-1', harness: 'opencode', agentSessionId: SESSION, resumeId: SESSION, status: 'created', notes: [] }]);
    expect(fs.existsSync(run.backupPath!)).toBe(true);
    const rows = JSON.parse(before['opencode.db']!) as Record<string, string[]>;
    const session = rows['session']!.map((row) => (row.includes(SESSION) ? row.replace(JSON.stringify(legacy), JSON.stringify(managed)) : row));
    expect(databaseRows(database)).toEqual({ ...rows, session: session.sort() });
    expect(fs.readFileSync(jsonFile, 'utf8')).toBe(json.replace(`"directory": "${legacy}"`, `"directory": "${managed}"`));
    expect(run.records).toEqual([
      { sessionId: 'p-1', opencodeSessionId: SESSION, store: 'database', path: database, previousDirectory: legacy, directory: managed },
      expect.objectContaining({ store: 'json', path: jsonFile, previousDirectory: legacy, directory: managed, file: expect.objectContaining({ path: jsonFile }) }),
    ]);
    expect(checkOpencodeDirectory(dataDir, database, SESSION, managed)).toEqual({ kind: 'managed' });
    expect(checkOpencodeDirectory(dataDir, database, OTHER, managed)).toEqual({ kind: 'elsewhere', recorded: legacy });
    expect(relocate().outcomes[0]).toMatchObject({ status: 'already-present' });
  });

  it('a dry run decides the same and leaves no trace', () => {
    const before = storeContent(dataDir);
    const names = fs.readdirSync(dataDir);
    expect(relocate(true).outcomes[0]).toMatchObject({ status: 'created' });
    expect(storeContent(dataDir)).toEqual(before);
    expect(fs.readdirSync(dataDir)).toEqual(names);
  });

  it('leaves alone a session recorded elsewhere, and a store of another shape', () => {
    const db = new Database(database);
    db.prepare('UPDATE session SET directory = ? WHERE id = ?').run('/somewhere/else', SESSION);
    db.close();
    const before = storeContent(dataDir);
    expect(relocate().outcomes[0]).toMatchObject({ status: 'conflict', notResumable: expect.stringContaining('/somewhere/else') });
    expect(storeContent(dataDir)).toEqual(before);

    fs.writeFileSync(jsonFile, '{"id":"not-this-one"}');
    const db2 = new Database(database);
    db2.exec('ALTER TABLE session RENAME COLUMN directory TO cwd');
    db2.close();
    expect(relocate().outcomes[0]).toMatchObject({ status: 'skipped', notResumable: expect.stringContaining('lacks directory') });
  });

  it('leaves alone a session whose JSON storage file is malformed, with or without the database, and says why', () => {
    const notJson = `${jsonFile} is not JSON`;
    const notSession = `${jsonFile} is not an OpenCode session file with this id and a directory`;
    for (const [text, why] of [
      [`{\n  "id": "${SESSION}",\n  "directory": "${legacy}"`, notJson],
      ['', notJson],
      [`{"id":"${SESSION}","title":"no directory"}`, notSession],
      [`{"id":"${SESSION}","directory":42}`, notSession],
      [`{"id":"ses_someone_else","directory":"${legacy}"}`, notSession],
      [`["${SESSION}","${legacy}"]`, notSession],
      ['null', notSession],
    ] as const) {
      fs.writeFileSync(jsonFile, text);
      for (const db of [database, undefined]) {
        const before = hashTree(dataDir);
        const run = relocateOpencodeSessions([request()], { dataDir, database: db, now: new Date('2026-12-01T12:00:00Z') });
        expect(run.outcomes).toEqual([
          { sessionId: 'p-1', harness: 'opencode', agentSessionId: SESSION, status: 'skipped', notes: [], reason: `${why}; left alone`, notResumable: `Not resumable in the new worktree: ${why}.` },
        ]);
        expect(run.records).toEqual([]);
        expect(run.backupPath).toBeUndefined();
        expect(hashTree(dataDir)).toBe(before);
        expect(checkOpencodeDirectory(dataDir, db, SESSION, managed)).toEqual({ kind: 'unknown', reason: why });
      }
    }
  });

  it('says why when there is nothing to relocate', () => {
    fs.rmSync(path.join(dataDir, 'storage'), { recursive: true });
    const outcome = (id: string) => relocateOpencodeSessions([request(id)], { dataDir, database }).outcomes[0];
    expect(outcome('ses_unknown')).toMatchObject({ status: 'skipped', reason: expect.stringContaining('no session ses_unknown') });
    expect(outcome('../x')).toMatchObject({ status: 'skipped', reason: expect.stringContaining('not an OpenCode session id') });
    expect(opencodeDataDir({ XDG_DATA_HOME: '/x' }, '/home/u')).toBe('/x/opencode');
    expect(opencodeDataDir({}, '/home/u')).toBe('/home/u/.local/share/opencode');
    expect(opencodeDatabase({ OPENCODE_DB: 'other.db' }, '/d')).toBe('/d/other.db');
    expect(opencodeDatabase({ OPENCODE_DB: ':memory:' }, '/d')).toBeUndefined();
  });

  it('writes nothing while opencode has its database open', () => {
    const opencode = new Database(database);
    try {
      opencode.prepare('SELECT count(*) FROM session').get();
      const before = storeContent(dataDir);
      expect(relocate().outcomes[0]).toMatchObject({ status: 'failed', reason: expect.stringContaining('opencode has') });
      expect(storeContent(dataDir)).toEqual(before);
    } finally {
      opencode.close();
    }
  });

  it('undo puts the old directory back exactly, and keeps one changed since unless forced', () => {
    const before = storeContent(dataDir, isBackup);
    const run = relocate();
    expect(undoOpencodeDirectories(run.records, { dryRun: true }).map((item) => item.status)).toEqual(['removed', 'removed']);
    expect(undoOpencodeDirectories(run.records).map((item) => item.status)).toEqual(['removed', 'removed']);
    expect(storeContent(dataDir, isBackup)).toEqual(before);

    const again = relocate();
    const db = new Database(database);
    db.prepare('UPDATE session SET directory = ? WHERE id = ?').run('/moved/by/user', SESSION);
    db.close();
    expect(undoOpencodeDirectories(again.records).map((item) => item.status)).toEqual(['refused', 'removed']);
    expect(undoOpencodeDirectories(again.records, { force: true }).map((item) => item.status)).toEqual(['removed', 'already-gone']);
    expect(storeContent(dataDir, isBackup)).toEqual(before);
  });
});
