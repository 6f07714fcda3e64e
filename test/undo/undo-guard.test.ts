import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claudeProjectSlug } from '../../src/core/claude/project-slug.js';
import { makeWorld, UUID_1, writeStandardStore, type World } from '../e2e/world.js';

/** `undo` deletes nothing a ledger names outside the Claude dir's own transcript files (issue 13). */
const APP = 'my-app_3f9c2a1b7d';

let world: World;
let ledger: string;
beforeEach(() => {
  world = makeWorld();
  writeStandardStore(world);
  ledger = path.join(world.dataDir, 'legacy-migration.json');
});
afterEach(() => world.cleanup());

const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const bucketOf = (worktree: string) => path.join(world.claudeDir, 'projects', claudeProjectSlug(worktree));

describe('undo with a hand-edited or foreign ledger', () => {
  it('keeps, as failed, every file that is not a transcript file of the Claude dir, and removes the real ones', () => {
    expect(world.run([]).status).toBe(0);
    const secret = path.join(world.home, 'secret.txt');
    fs.writeFileSync(secret, 'do not delete\n');
    const realBucket = bucketOf(path.join(world.dataDir, 'worktrees', APP, 'ma-1'));
    const notes = path.join(realBucket, 'notes.txt');
    fs.writeFileSync(notes, 'mine\n');
    const elsewhere = path.join(world.home, 'elsewhere');
    fs.mkdirSync(elsewhere);
    fs.writeFileSync(path.join(elsewhere, `${UUID_1}.jsonl`), 'not ours\n');
    const linkedBucket = path.join(world.claudeDir, 'projects', '-linked-bucket');
    fs.symlinkSync(elsewhere, linkedBucket);

    const run = JSON.parse(fs.readFileSync(ledger, 'utf8'));
    // Hashes that match what is there, so only the guard stands between these files and their removal.
    const hostile = (bucket: string, file: string, uuid = UUID_1) => {
      const content = fs.existsSync(file) ? file : secret;
      return {
        sessionId: 'ma-1',
        uuid,
        bucket,
        files: [{ path: file, size: fs.statSync(content).size, sha256: sha256(content) }],
        createdDirs: [path.dirname(file), bucket],
      };
    };
    run.runs[0].transcripts.push(
      hostile(path.dirname(secret), secret),
      hostile(realBucket, notes),
      hostile(realBucket, `${realBucket}/../../../secret.txt`),
      hostile(linkedBucket, path.join(linkedBucket, `${UUID_1}.jsonl`)),
      hostile(realBucket, `${realBucket}/../${UUID_1}.jsonl`, '..'),
    );
    fs.writeFileSync(ledger, JSON.stringify(run));

    const result = world.run(['undo', '--json', '--force']);
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout);
    const failed = report.transcripts.filter((t: { status: string }) => t.status === 'failed');
    expect(failed).toHaveLength(5);
    for (const item of failed) expect(item.reason).toMatch(/not a transcript file this tool copies/);
    expect(fs.readFileSync(secret, 'utf8')).toBe('do not delete\n');
    expect(fs.readFileSync(notes, 'utf8')).toBe('mine\n');
    expect(fs.existsSync(path.join(elsewhere, `${UUID_1}.jsonl`))).toBe(true);
    expect(fs.existsSync(elsewhere)).toBe(true);
    // The run's own transcript went; its bucket stays, since it still holds the user's file.
    expect(fs.existsSync(path.join(realBucket, `${UUID_1}.jsonl`))).toBe(false);
    expect(fs.existsSync(realBucket)).toBe(true);
  });

  it('removes only the directories the run created: a bucket that was there before stays', () => {
    const before = bucketOf(path.join(world.dataDir, 'worktrees', APP, 'ma-1'));
    fs.mkdirSync(before, { recursive: true });
    expect(world.run([]).status).toBe(0);
    const orchestratorBucket = bucketOf(path.join(world.dataDir, 'worktrees', APP, 'orchestrator', 'ma-orchestrator'));
    expect(fs.existsSync(orchestratorBucket)).toBe(true);

    expect(world.run(['undo']).status).toBe(0);
    expect(fs.existsSync(before)).toBe(true);
    expect(fs.readdirSync(before)).toEqual([]);
    expect(fs.existsSync(orchestratorBucket)).toBe(false);
  });
});
