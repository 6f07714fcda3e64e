import type { Note } from '../note.js';
import type { SessionsDirLayout } from './classify-session-file.js';
import { parseLeniently } from './parse-leniently.js';
import { isPlainObject } from './schema-parts.js';
import { withoutUndefined } from '../without-undefined.js';
import { type ParsedLifecycle, sessionRecordSchema } from './session-schema.js';
import type { LegacyLifecycle, LegacySession } from './types.js';

/** A session file that held an object, not yet interpreted. */
export interface RawSessionFile {
  id: string;
  file: string;
  layout: SessionsDirLayout;
  mtime: Date;
  raw: Record<string, unknown>;
}

/**
 * Interprets a raw session record. Fields of the wrong type are treated as
 * absent, each with a session note; nothing here throws.
 */
export function parseSessionRecord(source: RawSessionFile, owningProjectId: string, notes: Note[]): LegacySession {
  const { id, file } = source;
  const { value, dropped } = parseLeniently(sessionRecordSchema, decodeJsonTextFields(source.raw));
  for (const field of dropped) {
    notes.push({ scope: 'session', id, message: `${field.path} ignored (${field.problem}) in ${file}` });
  }

  let lifecycle = value.lifecycle ?? undefined;
  if (lifecycle === undefined && value.statePayload) {
    if (String(value.stateVersion ?? '').trim() === '2') {
      lifecycle = value.statePayload;
    } else {
      notes.push({
        scope: 'session',
        id,
        message: `statePayload ignored in ${file}: stateVersion is ${JSON.stringify(value.stateVersion ?? null)}, only 2 is understood`,
      });
    }
  }

  const recordProject = value.project === '' ? undefined : value.project;
  if (recordProject !== undefined && recordProject !== owningProjectId) {
    notes.push({
      scope: 'session',
      id,
      message: `${file} says project "${recordProject}" but sits in the directory of "${owningProjectId}"; the record wins`,
    });
  }

  return withoutUndefined({
    id,
    projectId: recordProject ?? owningProjectId,
    file,
    layout: source.layout,
    fileMtime: source.mtime,
    role: value.role,
    agent: value.agent,
    branch: value.branch,
    worktree: value.worktree,
    issue: value.issue,
    userPrompt: value.userPrompt,
    displayName: value.displayName,
    createdAt: value.createdAt,
    restoredAt: value.restoredAt,
    escalatedAt: value.escalatedAt,
    claudeSessionUuid: value.claudeSessionUuid,
    codexThreadId: value.codexThreadId,
    opencodeSessionId: value.opencodeSessionId,
    opencodeCleanedAt: value.opencodeCleanedAt,
    codexModel: value.codexModel,
    restoreFallbackReason: value.restoreFallbackReason,
    lifecycle: lifecycle ? toLifecycle(lifecycle) : undefined,
    status: value.status,
    terminatedAt: value.terminatedAt,
    tmuxName: value.tmuxName ?? lifecycle?.runtime?.tmuxName ?? undefined,
  });
}

/**
 * `lifecycle` and `statePayload` may be JSON text, and so may their
 * `session` / `runtime` parts (two levels). Undecodable text is left as it
 * is, so that the schema reports it.
 */
function decodeJsonTextFields(raw: Record<string, unknown>): Record<string, unknown> {
  const decoded = { ...raw };
  for (const key of ['lifecycle', 'statePayload']) {
    if (!Object.hasOwn(decoded, key)) continue;
    const value = decodeJsonText(decoded[key]);
    decoded[key] = isPlainObject(value) ? decodeParts(value) : value;
  }
  return decoded;
}

function decodeParts(lifecycle: Record<string, unknown>): Record<string, unknown> {
  const decoded = { ...lifecycle };
  for (const key of ['session', 'runtime']) {
    if (Object.hasOwn(decoded, key)) decoded[key] = decodeJsonText(decoded[key]);
  }
  return decoded;
}

function decodeJsonText(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

function toLifecycle(parsed: NonNullable<ParsedLifecycle>): LegacyLifecycle {
  const session = parsed.session;
  const runtime = parsed.runtime;
  return withoutUndefined({
    session: session ? withoutUndefined({ ...session }) : undefined,
    runtime: runtime ? withoutUndefined({ ...runtime }) : undefined,
  });
}
