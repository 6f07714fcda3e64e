import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claudeProjectSlug } from '../../src/core/claude/project-slug.js';
import { relocateClaudeTranscript, type RelocateOptions } from '../../src/core/claude/relocate-transcript.js';
import { nodeFileSystem, type FileSystem } from '../../src/core/effects/fs.js';
import type { ProgressEvent } from '../../src/core/progress.js';
import {
  claudeSession,
  leftoverTemps,
  makeTempDir,
  managedRow,
  planOf,
  removeDir,
  snapshotTree,
  writeFile,
} from './helpers.js';

const UUID = '0b8e6c2e-6f1d-4a57-9d1c-2f4a8a9e1c11';
const OTHER_UUID = '5d3f1b7a-2c44-4e0e-8f6a-91b2c3d4e5f6';
const TRANSCRIPT = '{"type":"user","message":"fix the login bug"}\n{"type":"assistant","message":"done"}\n';

let root: string;
let claudeDir: string;
let projectsDir: string;
let dataDir: string;
let legacyWorktrees: string;

beforeEach(() => {
  root = fs.realpathSync(makeTempDir());
  claudeDir = path.join(root, 'claude');
  projectsDir = path.join(claudeDir, 'projects');
  dataDir = path.join(root, 'ao-data');
  legacyWorktrees = path.join(root, 'legacy-worktrees');
  fs.mkdirSync(dataDir);
  fs.mkdirSync(projectsDir, { recursive: true });
});

afterEach(() => {
  removeDir(root);
});

const bucketOf = (worktree: string) => path.join(projectsDir, claudeProjectSlug(worktree));
const workerBucket = (projectId: string, sessionId: string) =>
  bucketOf(path.join(dataDir, 'worktrees', projectId, sessionId));

/** A legacy worktree directory with its transcript in Claude Code's bucket for it. */
function legacySession(sessionId: string, uuid: string, companion: Record<string, string> = {}): string {
  const worktree = path.join(legacyWorktrees, sessionId);
  fs.mkdirSync(worktree, { recursive: true });
  const bucket = bucketOf(worktree);
  writeFile(path.join(bucket, `${uuid}.jsonl`), `${TRANSCRIPT}{"session":"${sessionId}"}\n`);
  for (const [relative, content] of Object.entries(companion)) writeFile(path.join(bucket, uuid, relative), content);
  return worktree;
}

/** A plan with worker `app-1` of project `app`, whose transcript is `UUID`. */
function workerPlan(legacyWorktree: string) {
  return planOf([claudeSession({ id: 'app-1', legacyWorktree, claudeSessionUuid: UUID }, dataDir)]);
}

function relocate(plan: ReturnType<typeof planOf>, extra: Partial<RelocateOptions> = {}) {
  return relocateClaudeTranscript(plan, { claudeDir, ...extra }).transcripts;
}

describe('relocateClaudeTranscript: where transcripts go', () => {
  it("copies a worker's transcript and companion directory into the bucket of the daemon's worktree path", () => {
    const worktree = legacySession('app-1', UUID, {
      'subagents/agent-1.jsonl': '{"sub":1}\n',
      'tool-results/out.txt': 'big output',
    });
    const sourceBucket = bucketOf(worktree);
    const before = snapshotTree(sourceBucket);

    const [outcome, ...rest] = relocate(workerPlan(worktree));

    const destination = workerBucket('app', 'app-1');
    expect(rest).toEqual([]);
    expect(outcome).toMatchObject({
      sessionId: 'app-1',
      uuid: UUID,
      status: 'created',
      source: path.join(sourceBucket, `${UUID}.jsonl`),
      destination: path.join(destination, `${UUID}.jsonl`),
    });
    for (const relative of [`${UUID}.jsonl`, `${UUID}/subagents/agent-1.jsonl`, `${UUID}/tool-results/out.txt`]) {
      const copied = path.join(destination, relative);
      expect(fs.readFileSync(copied)).toEqual(fs.readFileSync(path.join(sourceBucket, relative)));
      expect(fs.statSync(copied).mtimeMs).toBe(fs.statSync(path.join(sourceBucket, relative)).mtimeMs);
    }
    expect(snapshotTree(sourceBucket)).toEqual(before);
    expect(leftoverTemps(destination)).toEqual([]);
  });

  it("puts the transcript in the bucket of the row's managed worktree, an orchestrator's included", () => {
    const worktree = legacySession('ma-orchestrator', UUID);
    const managed = path.join(dataDir, 'worktrees', 'my-app', 'orchestrator', 'ma-orchestrator');
    const plan = planOf([
      claudeSession(
        {
          id: 'ma-orchestrator',
          projectId: 'my-app',
          kind: 'orchestrator',
          legacyWorktree: worktree,
          claudeSessionUuid: UUID,
          row: managedRow('ma-orchestrator', 'my-app', managed),
        },
        dataDir,
      ),
    ]);

    const [outcome] = relocate(plan);

    const destination = bucketOf(managed);
    expect(outcome?.status).toBe('created');
    expect(outcome?.destination).toBe(path.join(destination, `${UUID}.jsonl`));
    expect(fs.existsSync(path.join(destination, `${UUID}.jsonl`))).toBe(true);
  });

  it('reads from the bucket of the legacy worktree realpath when the worktree was reached through a symlink', () => {
    const worktree = legacySession('app-1', UUID);
    const linkedWorktree = path.join(root, 'wt-link');
    fs.symlinkSync(worktree, linkedWorktree);

    const [outcome] = relocate(
      planOf([claudeSession({ id: 'app-1', legacyWorktree: linkedWorktree, claudeSessionUuid: UUID }, dataDir)]),
    );

    expect(outcome?.status).toBe('created');
    expect(outcome?.source).toBe(path.join(bucketOf(worktree), `${UUID}.jsonl`));
    expect(outcome?.notes).toEqual([]);
  });

  it('uses the bucket of the literal path when the legacy worktree is gone', () => {
    const gone = path.join(root, 'deleted-worktree');
    writeFile(path.join(bucketOf(gone), `${UUID}.jsonl`), TRANSCRIPT);

    const [outcome] = relocate(planOf([claudeSession({ id: 'app-1', legacyWorktree: gone, claudeSessionUuid: UUID }, dataDir)]));

    expect(outcome?.status).toBe('created');
    expect(outcome?.source).toBe(path.join(bucketOf(gone), `${UUID}.jsonl`));
  });

  it('finds a transcript in another bucket and notes where', () => {
    const worktree = path.join(legacyWorktrees, 'app-1');
    fs.mkdirSync(worktree, { recursive: true });
    const elsewhere = path.join(projectsDir, '-somewhere-else');
    writeFile(path.join(elsewhere, `${UUID}.jsonl`), TRANSCRIPT);

    const [outcome] = relocate(workerPlan(worktree));

    expect(outcome?.status).toBe('created');
    expect(outcome?.source).toBe(path.join(elsewhere, `${UUID}.jsonl`));
    expect(outcome?.notes.map((note) => note.message).join('\n')).toContain(elsewhere);
    expect(fs.readFileSync(path.join(workerBucket('app', 'app-1'), `${UUID}.jsonl`), 'utf8')).toBe(TRANSCRIPT);
  });

  it('skips a transcript found nowhere, with a reason, and creates nothing', () => {
    const worktree = path.join(legacyWorktrees, 'app-1');
    fs.mkdirSync(worktree, { recursive: true });
    const before = snapshotTree(claudeDir);

    const [outcome] = relocate(workerPlan(worktree));

    expect(outcome?.status).toBe('skipped');
    expect(outcome?.reason).toContain(`${UUID}.jsonl`);
    expect(outcome?.reason).toContain(bucketOf(worktree));
    expect(snapshotTree(claudeDir)).toEqual(before);
  });

  it('searches every bucket for a session without a legacy worktree', () => {
    const elsewhere = path.join(projectsDir, '-old-place');
    writeFile(path.join(elsewhere, `${UUID}.jsonl`), TRANSCRIPT);

    const [outcome] = relocate(planOf([claudeSession({ id: 'app-1', claudeSessionUuid: UUID }, dataDir)]));

    expect(outcome?.status).toBe('created');
    expect(outcome?.notes.map((note) => note.message).join('\n')).toContain(elsewhere);
  });

  it('skips, without creating it, when the Claude dir does not exist at all', () => {
    const worktree = path.join(legacyWorktrees, 'app-1');
    fs.mkdirSync(worktree, { recursive: true });
    const missingClaudeDir = path.join(root, 'no-claude');

    const [outcome] = relocate(workerPlan(worktree), {
      claudeDir: missingClaudeDir,
    });

    expect(outcome?.status).toBe('skipped');
    expect(fs.existsSync(missingClaudeDir)).toBe(false);
  });

  it('makes an item only for claude-code sessions to create that carry a uuid', () => {
    const worktree = legacySession('app-1', UUID);
    const plan = planOf([
      claudeSession({ id: 'app-1', legacyWorktree: worktree, claudeSessionUuid: UUID }, dataDir),
      claudeSession({ id: 'app-2', legacyWorktree: worktree }, dataDir),
      claudeSession({ id: 'app-3', legacyWorktree: worktree, claudeSessionUuid: UUID, action: 'skip', reason: 'done' }, dataDir),
      claudeSession({ id: 'app-4', legacyWorktree: worktree, claudeSessionUuid: UUID, harness: 'codex' }, dataDir),
    ]);

    expect(relocate(plan).map((outcome) => outcome.sessionId)).toEqual(['app-1']);
  });
});

describe('relocateClaudeTranscript: unsafe input', () => {
  it.each(['../../../etc/passwd', 'a/b', '..', 'x.jsonl', '   '])(
    'skips the uuid %j without touching anything',
    (uuid) => {
      const worktree = legacySession('app-1', UUID);
      const before = snapshotTree(root);

      const [outcome] = relocate(planOf([claudeSession({ id: 'app-1', legacyWorktree: worktree, claudeSessionUuid: uuid }, dataDir)]));

      expect(outcome?.status).toBe('skipped');
      expect(outcome?.reason).toContain(JSON.stringify(uuid));
      expect(snapshotTree(root)).toEqual(before);
    },
  );

  it('never follows a source transcript that is a symlink out of the Claude projects dir', () => {
    const secret = path.join(root, 'secret.txt');
    writeFile(secret, 'api-key=hunter2\n');
    const worktree = path.join(legacyWorktrees, 'app-1');
    fs.mkdirSync(worktree, { recursive: true });
    fs.mkdirSync(bucketOf(worktree), { recursive: true });
    fs.symlinkSync(secret, path.join(bucketOf(worktree), `${UUID}.jsonl`));

    const [outcome] = relocate(workerPlan(worktree));

    expect(outcome?.status).toBe('skipped');
    expect(outcome?.reason).toContain(`is a symlink to ${secret}`);
    expect(fs.existsSync(workerBucket('app', 'app-1'))).toBe(false);
  });

  it('copies a source transcript that is a symlink to a file inside the Claude projects dir', () => {
    const elsewhere = path.join(projectsDir, 'other-bucket', `${UUID}.jsonl`);
    writeFile(elsewhere, TRANSCRIPT);
    const worktree = path.join(legacyWorktrees, 'app-1');
    fs.mkdirSync(worktree, { recursive: true });
    fs.mkdirSync(bucketOf(worktree), { recursive: true });
    fs.symlinkSync(elsewhere, path.join(bucketOf(worktree), `${UUID}.jsonl`));

    const [outcome] = relocate(workerPlan(worktree));

    expect(outcome?.status).toBe('created');
    expect(fs.readFileSync(path.join(workerBucket('app', 'app-1'), `${UUID}.jsonl`), 'utf8')).toBe(TRANSCRIPT);
  });

  it('makes one unreadable bucket one note: every other transcript is found and copied', () => {
    const worktree = legacySession('app-1', UUID);
    const locked = path.join(projectsDir, 'made-by-sudo-claude');
    fs.mkdirSync(locked);
    // Root reads any directory, so the EACCES is injected.
    const lockedOut: FileSystem = Object.create(nodeFileSystem);
    lockedOut.readdirSync = ((target: string, options: { withFileTypes: true }) => {
      if (target === locked) throw Object.assign(new Error(`EACCES: permission denied, scandir '${target}'`), { code: 'EACCES' });
      return nodeFileSystem.readdirSync(target, options);
    }) as FileSystem['readdirSync'];
    // The worktree's own bucket holds no such uuid: every bucket is searched.
    const plan = planOf([claudeSession({ id: 'app-1', legacyWorktree: path.join(root, 'gone'), claudeSessionUuid: UUID }, dataDir)]);

    const relocation = relocateClaudeTranscript(plan, { claudeDir, fs: lockedOut });

    expect(relocation.transcripts.map((t) => [t.status, t.source])).toEqual([['created', path.join(bucketOf(worktree), `${UUID}.jsonl`)]]);
    expect(relocation.notes).toEqual([
      { scope: 'store', id: locked, message: expect.stringContaining('could not be read (EACCES') },
    ]);
  });

  it('treats a symlink at the destination file as a conflict and never writes through it', () => {
    const worktree = legacySession('app-1', UUID);
    // Even a link to a copy of the very same bytes is not ours to keep or replace.
    const outside = path.join(root, 'outside.jsonl');
    fs.copyFileSync(path.join(bucketOf(worktree), `${UUID}.jsonl`), outside);
    const outsideBefore = snapshotTree(outside);
    const destination = workerBucket('app', 'app-1');
    fs.mkdirSync(destination, { recursive: true });
    fs.symlinkSync(outside, path.join(destination, `${UUID}.jsonl`));

    const [outcome] = relocate(workerPlan(worktree));

    expect(outcome?.status).toBe('conflict');
    expect(outcome?.reason).toContain(path.join(destination, `${UUID}.jsonl`));
    expect(snapshotTree(outside)).toEqual(outsideBefore);
    expect(fs.lstatSync(path.join(destination, `${UUID}.jsonl`)).isSymbolicLink()).toBe(true);
  });

  it('treats a destination bucket that is a symlink out of the Claude dir as a conflict and writes nothing there', () => {
    const worktree = legacySession('app-1', UUID);
    const outsideDir = path.join(root, 'outside-dir');
    fs.mkdirSync(outsideDir);
    fs.symlinkSync(outsideDir, workerBucket('app', 'app-1'));

    const [outcome] = relocate(workerPlan(worktree));

    expect(outcome?.status).toBe('conflict');
    expect(fs.readdirSync(outsideDir)).toEqual([]);
  });

  it('treats a symlinked companion directory at the destination as a conflict', () => {
    const worktree = legacySession('app-1', UUID, { 'subagents/agent-1.jsonl': '{}\n' });
    const outsideDir = path.join(root, 'outside-dir');
    fs.mkdirSync(outsideDir);
    const destination = workerBucket('app', 'app-1');
    fs.mkdirSync(destination, { recursive: true });
    fs.symlinkSync(outsideDir, path.join(destination, UUID));

    const [outcome] = relocate(workerPlan(worktree));

    expect(outcome?.status).toBe('conflict');
    expect(fs.readdirSync(outsideDir)).toEqual([]);
    expect(fs.existsSync(path.join(destination, `${UUID}.jsonl`))).toBe(false);
  });
});

describe('relocateClaudeTranscript: a destination that already holds something', () => {
  it('reports already-present on a re-run and changes nothing', () => {
    const worktree = legacySession('app-1', UUID, { 'subagents/agent-1.jsonl': '{"sub":1}\n' });
    const plan = workerPlan(worktree);
    expect(relocate(plan)[0]?.status).toBe('created');
    const afterFirstRun = snapshotTree(claudeDir);

    const [outcome] = relocate(plan);

    expect(outcome?.status).toBe('already-present');
    expect(snapshotTree(claudeDir)).toEqual(afterFirstRun);
  });

  it('replaces a destination that is a strict prefix of the source, with a note', () => {
    const worktree = legacySession('app-1', UUID);
    const source = path.join(bucketOf(worktree), `${UUID}.jsonl`);
    const destination = path.join(workerBucket('app', 'app-1'), `${UUID}.jsonl`);
    const sourceBytes = fs.readFileSync(source);
    writeFile(destination, sourceBytes.subarray(0, 20));

    const [outcome] = relocate(workerPlan(worktree));

    expect(outcome?.status).toBe('created');
    expect(outcome?.notes.map((note) => note.message).join('\n')).toContain('prefix');
    expect(fs.readFileSync(destination)).toEqual(sourceBytes);
  });

  it('keeps a destination that differs and reports a conflict', () => {
    const worktree = legacySession('app-1', UUID);
    const destination = path.join(workerBucket('app', 'app-1'), `${UUID}.jsonl`);
    writeFile(destination, '{"type":"user","message":"another conversation"}\n');
    const before = snapshotTree(claudeDir);

    const [outcome] = relocate(workerPlan(worktree));

    expect(outcome?.status).toBe('conflict');
    expect(outcome?.reason).toContain(destination);
    expect(snapshotTree(claudeDir)).toEqual(before);
  });

  it('keeps a destination that is longer than the source (the source is a prefix of it)', () => {
    const worktree = legacySession('app-1', UUID);
    const source = path.join(bucketOf(worktree), `${UUID}.jsonl`);
    const destination = path.join(workerBucket('app', 'app-1'), `${UUID}.jsonl`);
    writeFile(destination, Buffer.concat([fs.readFileSync(source), Buffer.from('{"more":true}\n')]));
    const before = snapshotTree(claudeDir);

    const [outcome] = relocate(workerPlan(worktree));

    expect(outcome?.status).toBe('conflict');
    expect(snapshotTree(claudeDir)).toEqual(before);
  });

  it('names a conflicting companion file and writes none of the transcript', () => {
    const worktree = legacySession('app-1', UUID, {
      'subagents/agent-1.jsonl': '{"sub":1}\n',
      'subagents/agent-2.jsonl': '{"sub":2}\n',
    });
    const destinationBucket = workerBucket('app', 'app-1');
    writeFile(path.join(destinationBucket, UUID, 'subagents', 'agent-2.jsonl'), '{"sub":"other"}\n');
    const before = snapshotTree(claudeDir);

    const [outcome] = relocate(workerPlan(worktree));

    expect(outcome?.status).toBe('conflict');
    expect(outcome?.reason).toContain(path.join(destinationBucket, UUID, 'subagents', 'agent-2.jsonl'));
    expect(outcome?.reason).not.toContain('agent-1');
    expect(snapshotTree(claudeDir)).toEqual(before);
  });
});

describe('relocateClaudeTranscript: dry run', () => {
  it('reports the statuses the real run then produces, and writes nothing', () => {
    const conflicting = legacySession('app-1', UUID);
    writeFile(path.join(workerBucket('app', 'app-1'), `${UUID}.jsonl`), 'different\n');
    const fresh = legacySession('app-2', OTHER_UUID, { 'subagents/a.jsonl': '{}\n' });
    const present = legacySession('app-3', 'third');
    writeFile(
      path.join(workerBucket('app', 'app-3'), 'third.jsonl'),
      fs.readFileSync(path.join(bucketOf(present), 'third.jsonl')),
    );
    const prefixed = legacySession('app-4', 'fourth');
    writeFile(path.join(workerBucket('app', 'app-4'), 'fourth.jsonl'), TRANSCRIPT.slice(0, 10));
    const plan = planOf([
      claudeSession({ id: 'app-1', legacyWorktree: conflicting, claudeSessionUuid: UUID }, dataDir),
      claudeSession({ id: 'app-2', legacyWorktree: fresh, claudeSessionUuid: OTHER_UUID }, dataDir),
      claudeSession({ id: 'app-3', legacyWorktree: present, claudeSessionUuid: 'third' }, dataDir),
      claudeSession({ id: 'app-4', legacyWorktree: prefixed, claudeSessionUuid: 'fourth' }, dataDir),
      claudeSession({ id: 'app-5', legacyWorktree: path.join(root, 'nowhere'), claudeSessionUuid: 'missing' }, dataDir),
    ]);
    const before = snapshotTree(root);

    const dry = relocate(plan, { dryRun: true });

    expect(snapshotTree(root)).toEqual(before);
    expect(fs.existsSync(workerBucket('app', 'app-2'))).toBe(false);
    expect(dry.map((outcome) => outcome.status)).toEqual(['conflict', 'created', 'already-present', 'created', 'skipped']);
    const real = relocate(plan);
    expect(real.map((outcome) => [outcome.status, outcome.reason, outcome.notes])).toEqual(
      dry.map((outcome) => [outcome.status, outcome.reason, outcome.notes]),
    );
  });
});

describe('relocateClaudeTranscript: errors, stops and progress', () => {
  it('fails only the item whose copy errors, leaves no partial or temp file, and goes on with the others', () => {
    const failing = legacySession('app-1', UUID);
    const fine = legacySession('app-2', OTHER_UUID);
    const failingSource = path.join(bucketOf(failing), `${UUID}.jsonl`);
    const fullDisk: FileSystem = {
      ...nodeFileSystem,
      copyFileSync(src, dest, mode) {
        if (src === failingSource) {
          fs.writeFileSync(dest, 'partial'); // what a copy cut short by a full disk leaves behind
          throw Object.assign(new Error(`ENOSPC: no space left on device, copyfile '${src}'`), { code: 'ENOSPC' });
        }
        nodeFileSystem.copyFileSync(src, dest, mode);
      },
    };

    const outcomes = relocate(
      planOf([
        claudeSession({ id: 'app-1', legacyWorktree: failing, claudeSessionUuid: UUID }, dataDir),
        claudeSession({ id: 'app-2', legacyWorktree: fine, claudeSessionUuid: OTHER_UUID }, dataDir),
      ]),
      { fs: fullDisk },
    );

    expect(outcomes.map((outcome) => outcome.status)).toEqual(['failed', 'created']);
    expect(outcomes[0]?.reason).toContain('ENOSPC');
    expect(fs.existsSync(path.join(workerBucket('app', 'app-1'), `${UUID}.jsonl`))).toBe(false);
    expect(leftoverTemps(projectsDir)).toEqual([]);
  });

  it('never leaves a file under the final name when the rename fails', () => {
    const worktree = legacySession('app-1', UUID);
    const renameFails: FileSystem = {
      ...nodeFileSystem,
      renameSync() {
        throw Object.assign(new Error('EACCES: permission denied, rename'), { code: 'EACCES' });
      },
    };

    const [outcome] = relocate(workerPlan(worktree), {
      fs: renameFails,
    });

    expect(outcome?.status).toBe('failed');
    expect(outcome?.reason).toContain('EACCES');
    expect(fs.readdirSync(workerBucket('app', 'app-1'))).toEqual([]);
  });

  it('fails an item whose destination cannot be inspected, without crashing', () => {
    const worktree = legacySession('app-1', UUID);
    const destinationBucket = workerBucket('app', 'app-1');
    const unreadable: FileSystem = {
      ...nodeFileSystem,
      lstatSync(target) {
        if (target.startsWith(destinationBucket)) {
          throw Object.assign(new Error(`EACCES: permission denied, lstat '${target}'`), { code: 'EACCES' });
        }
        return nodeFileSystem.lstatSync(target);
      },
    };

    const [outcome] = relocate(workerPlan(worktree), {
      fs: unreadable,
    });

    expect(outcome?.status).toBe('failed');
    expect(outcome?.reason).toContain('EACCES');
  });

  it('stops between files when asked: the rest ends skipped/aborted and a re-run completes it', () => {
    const first = legacySession('app-1', UUID, { 'subagents/a.jsonl': '{"a":1}\n' });
    const second = legacySession('app-2', OTHER_UUID);
    const plan = planOf([
      claudeSession({ id: 'app-1', legacyWorktree: first, claudeSessionUuid: UUID }, dataDir),
      claudeSession({ id: 'app-2', legacyWorktree: second, claudeSessionUuid: OTHER_UUID }, dataDir),
    ]);
    let filesDone = 0;

    const stopped = relocate(plan, { onProgress: () => (filesDone += 1), shouldStop: () => filesDone >= 1 });

    expect(stopped.map((outcome) => [outcome.status, outcome.reason])).toEqual([
      ['skipped', 'aborted'],
      ['skipped', 'aborted'],
    ]);
    // The main transcript file is written last, so a stopped transcript is never half-present under its name.
    expect(fs.existsSync(path.join(workerBucket('app', 'app-1'), `${UUID}.jsonl`))).toBe(false);
    expect(fs.existsSync(workerBucket('app', 'app-2'))).toBe(false);

    expect(relocate(plan).map((outcome) => outcome.status)).toEqual(['created', 'created']);
  });

  it('reports progress per file with the bytes copied so far', () => {
    const first = legacySession('app-1', UUID, { 'subagents/a.jsonl': '{"a":1}\n' });
    const second = legacySession('app-2', OTHER_UUID);
    const events: ProgressEvent[] = [];
    const sizeOf = (file: string) => fs.statSync(file).size;
    const sizes = [
      sizeOf(path.join(bucketOf(first), UUID, 'subagents', 'a.jsonl')),
      sizeOf(path.join(bucketOf(first), `${UUID}.jsonl`)),
      sizeOf(path.join(bucketOf(second), `${OTHER_UUID}.jsonl`)),
    ];

    relocate(
      planOf([
        claudeSession({ id: 'app-1', legacyWorktree: first, claudeSessionUuid: UUID }, dataDir),
        claudeSession({ id: 'app-2', legacyWorktree: second, claudeSessionUuid: OTHER_UUID }, dataDir),
      ]),
      { onProgress: (event) => events.push(event) },
    );

    expect(events).toEqual([
      { phase: 'transcripts', completed: 1, total: 3, item: 'app-1', bytes: sizes[0] },
      { phase: 'transcripts', completed: 2, total: 3, item: 'app-1', bytes: sizes[0]! + sizes[1]! },
      { phase: 'transcripts', completed: 3, total: 3, item: 'app-2', bytes: sizes[0]! + sizes[1]! + sizes[2]! },
    ]);
  });
});
