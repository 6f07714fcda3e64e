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
import { indexBuckets, locateSourceBucket } from './locate-source-bucket.js';
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

/** A transcript whose source was found: what is left is comparing and copying its files. */
interface LocatedTranscript {
  sessionId: string;
  uuid: string;
  sourceBucket: string;
  destinationBucket: string;
  /** Relative to the buckets; see `listTranscriptFiles` for the order. */
  files: string[];
  notes: Note[];
}

type Located = { outcome: TranscriptOutcome } | { transcript: LocatedTranscript };

/**
 * Copies the Claude Code transcript of every planned claude-code session
 * into the bucket of the worktree the daemon will restore it in (the row's
 * `workspace_path`, the managed path; migration-rules §7), so
 * `claude --resume` there finds the conversation. Sources are only read.
 * One outcome per transcript, in plan order; an error fails that transcript
 * only.
 */
export function relocateClaudeTranscript(plan: MigrationPlan, options: RelocateOptions): TranscriptOutcome[] {
  const fs = options.fs ?? nodeFileSystem;
  const projectsDir = path.join(options.claudeDir, 'projects');
  let index: Map<string, string[]> | undefined;
  const bucketsListing = (fileName: string) => (index ??= indexBuckets(fs, projectsDir)).get(fileName) ?? [];
  // Locating only reads, so the legacy worktrees' existence may be cached.
  const lookups = withParentExistenceCache(fs);

  const located = plan.sessions.filter(hasTranscript).map((session) => {
    const destinationBucket = childPath(projectsDir, claudeProjectSlug(session.row.workspace_path));
    return locate(lookups, session, projectsDir, destinationBucket, bucketsListing);
  });

  const total = located.reduce((sum, item) => sum + ('transcript' in item ? item.transcript.files.length : 0), 0);
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

  return located.map((item) =>
    'outcome' in item ? item.outcome : copyTranscript(fs, item.transcript, options.dryRun ?? false, shouldStop, fileDone),
  );
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
        bucket.expected === undefined
          ? `the session has no legacy worktree and no bucket under ${projectsDir} holds ${fileName}`
          : `${fileName} is neither in ${bucket.expected} (the legacy worktree's bucket) nor in any other bucket under ${projectsDir}`;
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

/**
 * Decides every file first, so a conflict anywhere leaves the whole
 * transcript untouched, then writes the files that need it, each atomically.
 */
function copyTranscript(
  fs: FileSystem,
  transcript: LocatedTranscript,
  dryRun: boolean,
  shouldStop: () => boolean,
  fileDone: (sessionId: string, copiedBytes: number) => void,
): TranscriptOutcome {
  const { sessionId, uuid, notes } = transcript;
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
  let decisions: FileCopyDecision[];
  try {
    decisions = transcript.files.map((relative) =>
      decideFileCopy(fs, transcript.sourceBucket, transcript.destinationBucket, relative),
    );
  } catch (error) {
    return outcome('failed', errorMessage(error));
  }

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
