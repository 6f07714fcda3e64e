import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claudeProjectSlug } from '../../src/core/claude/project-slug.js';
import { relocateClaudeTranscript } from '../../src/core/claude/relocate-transcript.js';
import { nodeFileSystem, type FileSystem } from '../../src/core/effects/fs.js';
import { claudeSession, makeTempDir, planOf, removeDir, sha256OfFile, snapshotTree } from './helpers.js';

const UUID = 'big-0b8e6c2e';
const SIZE = 64 * 1024 * 1024;
const TAIL = '{"type":"assistant","message":"the end"}\n';

/** A file system that refuses to read whole files: transcripts must be streamed. */
const noWholeFileReads: FileSystem = {
  ...nodeFileSystem,
  readFileSync(target) {
    throw new Error(`read whole file ${target}`);
  },
};

let root: string;
let claudeDir: string;
let dataDir: string;
let worktree: string;
let source: string;
let destination: string;

/** A sparse file of `size` zero bytes followed by `tail`: large, yet quick to make. */
function sparseFile(file: string, size: number, tail: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '');
  fs.truncateSync(file, size);
  if (tail !== '') fs.appendFileSync(file, tail);
}

beforeEach(() => {
  root = fs.realpathSync(makeTempDir());
  claudeDir = path.join(root, 'claude');
  dataDir = path.join(root, 'ao-data');
  worktree = path.join(root, 'legacy', 'app-1');
  fs.mkdirSync(worktree, { recursive: true });
  fs.mkdirSync(dataDir);
  source = path.join(claudeDir, 'projects', claudeProjectSlug(worktree), `${UUID}.jsonl`);
  destination = path.join(
    claudeDir,
    'projects',
    claudeProjectSlug(path.join(dataDir, 'worktrees', 'app', 'app-1')),
    `${UUID}.jsonl`,
  );
  sparseFile(source, SIZE, TAIL);
});

afterEach(() => {
  removeDir(root);
});

const relocate = () =>
  relocateClaudeTranscript(planOf([claudeSession({ id: 'app-1', legacyWorktree: worktree, claudeSessionUuid: UUID }, dataDir)]), {
    claudeDir,
    fs: noWholeFileReads,
  }).transcripts;

describe('relocateClaudeTranscript with a large transcript', () => {
  it('copies it without reading it whole, byte for byte, and leaves the source alone', () => {
    const before = snapshotTree(path.dirname(source));

    const [outcome] = relocate();

    expect(outcome?.status).toBe('created');
    expect(fs.statSync(destination).size).toBe(SIZE + TAIL.length);
    expect(sha256OfFile(destination)).toBe(sha256OfFile(source));
    expect(snapshotTree(path.dirname(source))).toEqual(before);
    expect(relocate()[0]?.status).toBe('already-present');
  });

  it('replaces an earlier copy that the conversation has since outgrown', () => {
    sparseFile(destination, SIZE, '');

    const [outcome] = relocate();

    expect(outcome?.status).toBe('created');
    expect(outcome?.notes.map((note) => note.message).join('\n')).toContain('prefix');
    expect(sha256OfFile(destination)).toBe(sha256OfFile(source));
  });

  it('keeps a copy that differs only in its last bytes, as a conflict', () => {
    sparseFile(destination, SIZE, TAIL.replace('end', 'END'));
    const before = sha256OfFile(destination);

    const [outcome] = relocate();

    expect(outcome?.status).toBe('conflict');
    expect(sha256OfFile(destination)).toBe(before);
  });
});
