import * as path from 'node:path';
import { type FileSystem, nodeFileSystem, realpathOrSelf, statOrUndefined } from '../effects/fs.js';
import { expandHome } from '../legacy/expand-home.js';
import type { ClaudeSessionInference, LegacySession, LegacySnapshot } from '../legacy/types.js';
import { parseIsoTime } from '../map/parse-iso-time.js';
import { terminalReason } from '../map/terminal.js';
import { childPath } from './child-path.js';
import { claudeProjectSlug } from './project-slug.js';

export interface InferOptions {
  /** Claude Code's config dir (see `claudeConfigDir`); buckets live under `projects/`. */
  claudeDir: string;
  /** Expands `~` in project paths. */
  homeDir: string;
  /** Default: the real file system. Only read. */
  fs?: FileSystem;
}

/** A transcript id names files: anything else could climb out of the bucket. */
const SAFE_STEM = /^[A-Za-z0-9_-]+$/;

interface Transcript {
  stem: string;
  mtimeMs: number;
}

/**
 * Legacy 0.2.x never recorded a Claude session id: it resumed the newest
 * `*.jsonl` not named `agent-*` in the bucket of the session's worktree
 * (legacy-store §8), so that transcript IS the session's conversation.
 * For every live session that records no `claudeSessionUuid`, whose own
 * agent is claude-code or unset, and that has a legacy worktree, this finds
 * it, with Claude Code's own bucket rule. A session that ran in its
 * project's checkout (its worktree is the project path, or a repository's
 * main worktree) shares that bucket with the user's own conversations:
 * there only transcripts written after its `createdAt` count.
 *
 * Reads the Claude dir only; returns the snapshot with `claudeInference`
 * set on those sessions (the mapper uses it for claude-code sessions).
 */
export function inferClaudeSessionIds(snapshot: LegacySnapshot, options: InferOptions): LegacySnapshot {
  const fs = options.fs ?? nodeFileSystem;
  const projectsDir = path.join(options.claudeDir, 'projects');
  const projectPaths = new Map<string, string>();
  for (const project of snapshot.projects) {
    if (!projectPaths.has(project.id)) projectPaths.set(project.id, realpathOrSelf(fs, expandHome(project.path, options.homeDir)));
  }
  const listings = new Map<string, Transcript[] | undefined>();
  const listing = (bucket: string) => {
    if (!listings.has(bucket)) listings.set(bucket, listTranscripts(fs, bucket));
    return listings.get(bucket);
  };

  let changed = false;
  const sessions = snapshot.sessions.map((session) => {
    if (!wanted(session)) return session;
    const worktree = realpathOrSelf(fs, session.worktree);
    const bucket = childPath(projectsDir, claudeProjectSlug(worktree));
    const inCheckout = worktree === projectPaths.get(session.projectId) || statOrUndefined(fs, path.join(worktree, '.git'))?.isDirectory() === true;
    changed = true;
    return { ...session, claudeInference: infer(session, bucket, listing(bucket) ?? [], inCheckout) };
  });
  return changed ? { ...snapshot, sessions } : snapshot;
}

function wanted(session: LegacySession): session is LegacySession & { worktree: string } {
  return (
    (session.claudeSessionUuid === undefined || session.claudeSessionUuid === '') &&
    (session.agent === undefined || session.agent === '' || session.agent === 'claude-code') &&
    session.worktree !== undefined &&
    session.worktree !== '' &&
    terminalReason(session) === undefined
  );
}

function infer(session: LegacySession, bucket: string, transcripts: readonly Transcript[], inCheckout: boolean): ClaudeSessionInference {
  let candidates = transcripts;
  let writtenAfter: string | undefined;
  if (inCheckout) {
    const started = session.createdAt === undefined ? undefined : parseIsoTime(session.createdAt);
    if (started === undefined) {
      return {
        reason: `it ran in the project checkout, whose bucket ${bucket} also holds your own conversations, and its createdAt is missing or not a valid time, so its own transcript cannot be told apart`,
      };
    }
    writtenAfter = session.createdAt;
    candidates = transcripts.filter((transcript) => transcript.mtimeMs > started.getTime());
    if (candidates.length === 0) {
      return {
        reason:
          transcripts.length === 0
            ? `there is no transcript (*.jsonl, not agent-*) in ${bucket}`
            : `it ran in the project checkout, and its bucket ${bucket} holds only transcripts written before it started (${session.createdAt}): your own, not its`,
      };
    }
  }
  const [newest, ...others] = candidates;
  if (newest === undefined) return { reason: `there is no transcript (*.jsonl, not agent-*) in ${bucket}` };
  return {
    uuid: newest.stem,
    bucket,
    otherCandidates: others.map((transcript) => transcript.stem),
    ...(writtenAfter === undefined ? {} : { writtenAfter }),
  };
}

/** The bucket's transcripts, newest first (ties by name); `undefined` when there is no such bucket. */
function listTranscripts(fs: FileSystem, bucket: string): Transcript[] | undefined {
  let names: string[];
  try {
    names = fs.readdirSync(bucket, { withFileTypes: true }).filter((entry) => !entry.isDirectory()).map((entry) => entry.name);
  } catch {
    return undefined;
  }
  const transcripts: Transcript[] = [];
  for (const name of names) {
    if (!name.endsWith('.jsonl') || name.startsWith('agent-')) continue;
    const stem = name.slice(0, -'.jsonl'.length);
    const stats = SAFE_STEM.test(stem) ? statOrUndefined(fs, childPath(bucket, name)) : undefined;
    if (stats?.isFile()) transcripts.push({ stem, mtimeMs: stats.mtimeMs });
  }
  return transcripts.sort((a, b) => b.mtimeMs - a.mtimeMs || (a.stem < b.stem ? -1 : a.stem > b.stem ? 1 : 0));
}
