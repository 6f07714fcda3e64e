/**
 * Where an agent will work when the daemon resumes a session, read live for
 * `status`: the managed path; somewhere else (`recorded`); or not known
 * (`reason`: no such session, store unreadable or of an unknown format).
 */
export type RecordedDirectory =
  | { kind: 'managed' }
  | { kind: 'elsewhere'; recorded: string }
  | { kind: 'unknown'; reason: string };
