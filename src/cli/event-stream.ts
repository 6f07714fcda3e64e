import type { Note } from '../core/note.js';
import type { ProgressEvent } from '../core/progress.js';
import type { RefusalCode } from '../core/errors.js';

/**
 * `--events ndjson`: one JSON object per line, for a parent process to
 * follow the run. Every event carries `eventsVersion` and `type`:
 * `progress` (phase, completed, total, item?, bytes?), `note` (the note),
 * `refusal` (code, message), and last `done` (exitCode).
 */
export type MigrationEvent =
  | ({ type: 'progress' } & ProgressEvent)
  | { type: 'note'; note: Note }
  | { type: 'refusal'; code: RefusalCode; message: string }
  | { type: 'done'; exitCode: number };

export const EVENTS_VERSION = 1;

export interface EventStream {
  emit(event: MigrationEvent): void;
}

/**
 * Writes events to `stream` until it fails: a reader that stops early
 * (`| head`) ends the stream, not the migration, which goes on to its end.
 */
export function createEventStream(stream: NodeJS.WritableStream): EventStream {
  let open = true;
  stream.on('error', () => {
    open = false;
  });
  return {
    emit(event) {
      if (open) stream.write(`${JSON.stringify({ eventsVersion: EVENTS_VERSION, ...event })}\n`);
    },
  };
}
