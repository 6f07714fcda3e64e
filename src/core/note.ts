/** What a note is about; `store` notes concern the legacy store as a whole. */
export type NoteScope = 'project' | 'session' | 'transcript' | 'store';

/**
 * A human-readable remark attached to one item (or the store). Notes never
 * change behaviour; they explain a skip, a fallback or a dropped field.
 */
export interface Note {
  scope: NoteScope;
  /** The project id, session id, transcript uuid, or a file path for `store`. */
  id: string;
  message: string;
}
