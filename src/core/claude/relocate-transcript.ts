import * as path from 'node:path';
import { nodeFileSystem, type FileSystem } from '../effects/fs.js';
import { withParentExistenceCache } from '../effects/parent-existence-cache.js';
import type { Note } from '../note.js';
import type { ItemStatus } from '../outcome.js';
import type { MigrationPlan, PlannedSession } from '../plan/types.js';
import type { ProgressEvent } from '../progress.js';
import type { SessionRow } from '../map/rows.js';
import { childPath } from './child-path.js';
import { copyAtomically } from './copy-atomically.js';
import { decideFileCopy, type FileCopyDecision } from './decide-file-copy.js';
import { type BucketIndex, indexBuckets, locateSourceBucket } from './locate-source-bucket.js';
import { claudeProjectSlug } from './project-slug.js';
import { listTranscriptFiles } from './transcript-files.js';
import { errorMessage } from '../error-message.js';

export interface RelocateOptions {
  /** Claude Code's config dir (see `claudeConfigDir`); buckets live under `projects/`. */
  claudeDir: string;
  fs?: FileSystem;
  /** Decide and report exactly as a real run would, but write nothing and create no directory. */
  dryRun?: boolean;
  /** Called after each file, phase `transcripts`. */
  onProgress?: (event: ProgressEvent) => void;
  /** Asked between files; once it says stop, every transcript not yet written ends `skipped`, reason `aborted`. */
  shouldStop?: () => boolean;
}

/** How one session's transcript (`<uuid>.jsonl` plus its companion `<uuid>/`) ended. */
export interface TranscriptOutcome {
  sessionId: string;
  uuid: string;
  /** The `<uuid>.jsonl` copied from; when not found, where it was expected (`''` when nowhere is known). */
  source: string;
  /** The `<uuid>.jsonl` Claude Code will resume from; the bucket alone when the uuid is unusable. */
  destination: string;
  status: ItemStatus;
  reason?: string;
  /** The destination files this run wrote (created or replaced); absent when it wrote none (always, in a dry run). */
  copiedFiles?: string[];
  notes: Note[];
}

/** A Claude session id names files: anything else could climb out of the bucket. */
const SAFE_UUID = /^[A-Za-z0-9_-]+$/;

/** A transcript whose source was found and whose every file is decided: what a run will write, before it writes. */
export interface DecidedTranscript {
  sessionId: string;
  uuid: string;
  sourceBucket: string;
  destinationBucket: string;
  /** One per file, in copy order (see `listTranscriptFiles`); empty when deciding failed (`failure`). */
  decisions: FileCopyDecision[];
  /** Why the files could not be decided (they are then left alone). */
  failure?: string;
  notes: Note[];
}

/** What relocation will do, decided before anything is written: an outcome already, or the decided files. */
export interface TranscriptCopyPlan {
  items: ({ outcome: TranscriptOutcome } | { transcript: DecidedTranscript })[];
  /** What concerns the Claude dir as a whole (a bucket nobody may read). */
  notes: Note[];
}

/** Every transcript's outcome, in plan order, and what concerns the Claude dir as a whole (a bucket nobody may read). */
export interface TranscriptRelocation {
  transcripts: TranscriptOutcome[];
  notes: Note[];
}

/**
 * Copies the Claude Code transcript of every planned claude-code session
 * into the bucket of the worktree the daemon will restore it in (the row's
 * `workspace_path`, the managed path; migration-rules §7), so
 * `claude --resume` there finds the conversation. Sources are only read.
 * One outcome per transcript, in plan order; an error fails that transcript
 * only. `decideTranscriptCopies` then `copyTranscripts`.
 */
export function relocateClaudeTranscript(plan: MigrationPlan, options: RelocateOptions): TranscriptRelocation {
  return copyTranscripts(decideTranscriptCopies(plan, options), options);
}

/**
 * Finds every transcript's source and decides each of its files against
 * the destination (create, keep, replace a prefix, conflict); reads only.
 * A run records what it will write from this before writing it.
 */
export function decideTranscriptCopies(plan: MigrationPlan, options: Pick<RelocateOptions, 'claudeDir' | 'fs'>): TranscriptCopyPlan {
  const fs = options.fs ?? nodeFileSystem;
  const projectsDir = path.join(options.claudeDir, 'projects');
  let index: BucketIndex | undefined;
  const bucketsListing = (fileName: string) => (index ??= indexBuckets(fs, projectsDir)).holders.get(fileName) ?? [];
  // Locating only reads, so the legacy worktrees' existence may be cached.
  const lookups = withParentExistenceCache(fs);

  const items = plan.sessions.filter(hasTranscript).map((session) => {
    const destinationBucket = childPath(projectsDir, claudeProjectSlug(session.row.workspace_path));
    const located = locate(lookups, session, projectsDir, destinationBucket, bucketsListing);
    return 'outcome' in located ? located : { transcript: decide(fs, located.transcript) };
  });
  const unreadable = (index as BucketIndex | undefined)?.unreadable ?? [];
  const notes: Note[] = unreadable.map(({ bucket, reason }) => ({
    scope: 'store',
    id: bucket,
    message: `this Claude bucket could not be read (${reason}); a transcript in it could not be found there`,
  }));
  return { items, notes };
}

/** Writes what `decideTranscriptCopies` decided (nothing in a dry run), each file atomically. */
export function copyTranscripts(
  copyPlan: TranscriptCopyPlan,
  options: Pick<RelocateOptions, 'fs' | 'dryRun' | 'onProgress' | 'shouldStop'>,
): TranscriptRelocation {
  const fs = options.fs ?? nodeFileSystem;
  const total = copyPlan.items.reduce((sum, item) => sum + ('transcript' in item ? item.transcript.decisions.length : 0), 0);
  let completed = 0;
  let bytes = 0;
  const fileDone = (sessionId: string, copiedBytes: number) => {
    completed += 1;
    bytes += copiedBytes;
    options.onProgress?.({ phase: 'transcripts', completed, total, item: sessionId, bytes });
  };
  // Latches: once asked to stop, stay stopped even if the caller's answer changes.
  let stopped = false;
  const shouldStop = () => (stopped ||= options.shouldStop?.() ?? false);

  const transcripts = copyPlan.items.map((item) =>
    'outcome' in item ? item.outcome : copyTranscript(fs, item.transcript, options.dryRun ?? false, shouldStop, fileDone),
  );
  return { transcripts, notes: copyPlan.notes };
}

type WithTranscript = PlannedSession & { claudeSessionUuid: string; row: SessionRow };

function hasTranscript(session: PlannedSession): session is WithTranscript {
  return (
    session.action === 'create' &&
    session.row !== undefined &&
    session.harness === 'claude-code' &&
    session.claudeSessionUuid !== undefined &&
    session.claudeSessionUuid !== ''
  );
}

/** A transcript whose source was found, its files (relative to the buckets, in copy order) not yet decided. */
type Located = { outcome: TranscriptOutcome } | { transcript: Omit<DecidedTranscript, 'decisions' | 'failure'> & { files: string[] } };

/** Validates the uuid, finds the source bucket and lists the files; reads only. */
function locate(
  fs: FileSystem,
  session: WithTranscript,
  projectsDir: string,
  destinationBucket: string,
  bucketsListing: (fileName: string) => readonly string[],
): Located {
  const uuid = session.claudeSessionUuid;
  const fileName = `${uuid}.jsonl`;
  const base = { sessionId: session.id, uuid, notes: [] as Note[] };
  if (!SAFE_UUID.test(uuid)) {
    return {
      outcome: {
        ...base,
        source: '',
        destination: destinationBucket,
        status: 'skipped',
        reason: `the Claude session id ${JSON.stringify(uuid)} is not a plain id (letters, digits, '-', '_'); it is not used as a file name`,
      },
    };
  }
  const destination = childPath(destinationBucket, fileName);
  try {
    const bucket = locateSourceBucket(fs, projectsDir, session.legacyWorktree, uuid, bucketsListing);
    const note = (message: string) => base.notes.push({ scope: 'transcript', id: uuid, message });
    if (bucket.found === undefined) {
      const expectedSource = bucket.expected === undefined ? '' : childPath(bucket.expected, fileName);
      const reason =
        bucket.refused ?? (bucket.expected === undefined
          ? `the session has no legacy worktree and no bucket under ${projectsDir} holds ${fileName}`
          : `${fileName} is neither in ${bucket.expected} (the legacy worktree's bucket) nor in any other bucket under ${projectsDir}`);
      return { outcome: { ...base, source: expectedSource, destination, status: 'skipped', reason } };
    }
    if (bucket.found !== bucket.expected) {
      note(
        bucket.expected === undefined
          ? `the session has no legacy worktree; ${fileName} was found in ${bucket.found}`
          : `${fileName} was not in ${bucket.expected} (the legacy worktree's bucket); found in ${bucket.found}`,
      );
    }
    if (bucket.alsoIn.length > 0) {
      note(`${fileName} is also in ${bucket.alsoIn.join(', ')}; the one in ${bucket.found} is used`);
    }
    const { files, ignored } = listTranscriptFiles(fs, bucket.found, uuid);
    for (const relative of ignored) {
      note(`${path.join(bucket.found, relative)} is not a regular file or directory; not copied`);
    }
    return { transcript: { ...base, sourceBucket: bucket.found, destinationBucket, files } };
  } catch (error) {
    return { outcome: { ...base, source: '', destination, status: 'failed', reason: errorMessage(error) } };
  }
}

/** Decides every file, so that a conflict anywhere leaves the whole transcript untouched. */
function decide(fs: FileSystem, located: Extract<Located, { transcript: unknown }>['transcript']): DecidedTranscript {
  const { files, ...transcript } = located;
  try {
    return { ...transcript, decisions: files.map((relative) => decideFileCopy(fs, transcript.sourceBucket, transcript.destinationBucket, relative)) };
  } catch (error) {
    return { ...transcript, decisions: [], failure: errorMessage(error) };
  }
}

/** Writes the files a transcript's decisions ask for, each atomically, and says how it ended. */
function copyTranscript(
  fs: FileSystem,
  transcript: DecidedTranscript,
  dryRun: boolean,
  shouldStop: () => boolean,
  fileDone: (sessionId: string, copiedBytes: number) => void,
): TranscriptOutcome {
  const { sessionId, uuid, notes, decisions } = transcript;
  const fileName = `${uuid}.jsonl`;
  const copiedFiles: string[] = [];
  const outcome = (status: ItemStatus, reason?: string): TranscriptOutcome => ({
    sessionId,
    uuid,
    source: childPath(transcript.sourceBucket, fileName),
    destination: childPath(transcript.destinationBucket, fileName),
    status,
    ...(reason === undefined ? {} : { reason }),
    ...(copiedFiles.length === 0 ? {} : { copiedFiles }),
    notes,
  });
  const note = (message: string) => notes.push({ scope: 'transcript', id: uuid, message });
  const partialNote = (written: number, toWrite: number, cause: string) => {
    if (written > 0) note(`${written} of ${toWrite} files were copied before the ${cause}; a re-run completes the transcript`);
  };

  if (shouldStop()) return outcome('skipped', 'aborted');
  if (transcript.failure !== undefined) return outcome('failed', transcript.failure);

  const conflicts = decisions.flatMap((decision) => (decision.action === 'conflict' ? [decision.reason] : []));
  if (conflicts.length > 0) {
    decisions.forEach(() => fileDone(sessionId, 0));
    return outcome('conflict', `${conflicts.join('; ')}; the destination is kept`);
  }

  const toWrite = decisions.filter((decision) => decision.action !== 'keep').length;
  let written = 0;
  for (const decision of decisions) {
    if (decision.action === 'conflict' || decision.action === 'keep') {
      fileDone(sessionId, 0);
      continue;
    }
    if (shouldStop()) {
      partialNote(written, toWrite, 'stop');
      return outcome('skipped', 'aborted');
    }
    if (!dryRun) {
      try {
        fs.mkdirSync(path.dirname(decision.destination), { recursive: true });
        copyAtomically(fs, decision.source, decision.destination);
        copiedFiles.push(decision.destination);
      } catch (error) {
        partialNote(written, toWrite, 'error');
        return outcome('failed', `${decision.destination}: ${errorMessage(error)}`);
      }
    }
    written += 1;
    if (decision.action === 'replace') {
      note(
        `${decision.destination} was a strict prefix of ${decision.source} (the conversation went on after an earlier run); replaced`,
      );
    }
    fileDone(sessionId, decision.bytes);
  }
  return outcome(toWrite > 0 ? 'created' : 'already-present');
}
