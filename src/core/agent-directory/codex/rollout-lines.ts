import { replaceJsonStrings, type JsonPath } from '../replace-json-strings.js';

/**
 * The line types of a rollout: those codex 0.144.6 and 0.171.0 wrote in
 * our measurements, and `compacted` (codex's record of a compacted
 * history, conversation only). A rollout with any other type is a format we
 * have not seen; it is left alone rather than guessed at.
 */
const KNOWN_LINE_TYPES: ReadonlySet<string> = new Set([
  'session_meta',
  'turn_context',
  'event_msg',
  'response_item',
  'world_state',
  'compacted',
]);

/** The lines that record where the thread runs: codex resumes in the latest of their `cwd`s. */
const DIRECTORY_LINES: ReadonlySet<string> = new Set(['session_meta', 'turn_context']);

export type RolloutCopy =
  | { kind: 'copy'; content: Buffer }
  | { kind: 'unmeasured'; why: string }
  | { kind: 'elsewhere'; why: string };

export interface RolloutCopyRequest {
  threadId: string;
  copyThreadId: string;
  /** The spellings of the legacy worktree the thread may have recorded. */
  legacy: ReadonlySet<string>;
  managedPath: string;
}

/**
 * The rollout of the copy: the thread's rollout with, on its
 * `session_meta` and `turn_context` lines, every `cwd` (and each
 * `session_meta` `runtime_workspace_roots` entry: codex 0.171 takes the
 * resumed sandbox's writable root from it) that names the legacy worktree
 * replaced by the managed path, and the first line's `id` (and its
 * `session_id` when it is the thread's own) set to the copy's id. Every
 * other byte, the conversation included, is copied as it is.
 */
export function copyRollout(source: Buffer, request: RolloutCopyRequest): RolloutCopy {
  const lines = splitLines(source);
  const pieces: Buffer[] = [];
  for (const [index, raw] of lines.entries()) {
    if (raw.length === 0) {
      pieces.push(raw);
      continue;
    }
    const line = parseLine(raw, index);
    if ('why' in line) return { kind: 'unmeasured', why: line.why };
    if (index === 0 && (line.type !== 'session_meta' || line.payload['id'] !== request.threadId)) {
      return { kind: 'unmeasured', why: `its rollout does not begin with the session_meta of thread ${request.threadId}` };
    }
    if (!DIRECTORY_LINES.has(line.type)) {
      pieces.push(raw);
      continue;
    }
    const cwd = line.payload['cwd'];
    if (typeof cwd !== 'string') return { kind: 'unmeasured', why: `line ${index + 1} (${line.type}) records no cwd` };
    if (cwd !== request.managedPath && !request.legacy.has(cwd)) {
      return { kind: 'elsewhere', why: `the thread also ran in ${cwd} (line ${index + 1}), which is neither the legacy worktree nor the managed path` };
    }
    const edited = replaceJsonStrings(raw.toString('utf8'), (path, value) => replacement(path, value, index === 0, request));
    pieces.push(Buffer.from(edited, 'utf8'));
  }
  return { kind: 'copy', content: Buffer.concat(pieces.flatMap((piece, i) => (i === 0 ? [piece] : [NEWLINE, piece]))) };
}

/** Every `cwd` a rollout records on its directory lines, in order; for `status`, which only reads. */
export function recordedDirectories(source: Buffer): string[] {
  return splitLines(source).flatMap((raw, index) => {
    if (raw.length === 0) return [];
    const line = parseLine(raw, index);
    if ('why' in line || !DIRECTORY_LINES.has(line.type)) return [];
    const cwd = line.payload['cwd'];
    return typeof cwd === 'string' ? [cwd] : [];
  });
}

const NEWLINE = Buffer.from('\n');

function replacement(path: JsonPath, value: string, firstLine: boolean, request: RolloutCopyRequest): string | undefined {
  if (path.length < 2 || path[0] !== 'payload') return undefined;
  const field = path[1];
  if (path.length === 2 && field === 'cwd') return request.legacy.has(value) ? request.managedPath : undefined;
  if (path.length === 3 && field === 'runtime_workspace_roots' && typeof path[2] === 'number') {
    return request.legacy.has(value) ? request.managedPath : undefined;
  }
  if (firstLine && path.length === 2 && (field === 'id' || field === 'session_id') && value === request.threadId) {
    return request.copyThreadId;
  }
  return undefined;
}

/** Lines as byte ranges, so a line we do not change is copied byte for byte (even bytes that are not valid UTF-8). */
function splitLines(source: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  let start = 0;
  for (let end = source.indexOf(0x0a); end !== -1; end = source.indexOf(0x0a, start)) {
    lines.push(source.subarray(start, end));
    start = end + 1;
  }
  lines.push(source.subarray(start));
  return lines;
}

type ParsedLine = { type: string; payload: Record<string, unknown> } | { why: string };

function parseLine(raw: Buffer, index: number): ParsedLine {
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch {
    return { why: `line ${index + 1} of its rollout is not JSON` };
  }
  if (typeof value !== 'object' || value === null) return { why: `line ${index + 1} of its rollout is not a JSON object` };
  const { type, payload } = value as { type?: unknown; payload?: unknown };
  if (typeof type !== 'string' || !KNOWN_LINE_TYPES.has(type)) {
    return { why: `line ${index + 1} of its rollout has the type ${JSON.stringify(type)}, which codex 0.144–0.171 did not write` };
  }
  if (typeof payload !== 'object' || payload === null) return { why: `line ${index + 1} of its rollout has no payload` };
  return { type, payload: payload as Record<string, unknown> };
}
