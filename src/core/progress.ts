/** Steps of a run, in order. */
export type ProgressPhase = 'read' | 'plan' | 'preconditions' | 'transcripts' | 'agents' | 'database' | 'done';

/**
 * Reported through `onProgress` as a run goes. `completed`/`total` count
 * items within the phase (transcripts: files; agents: codex and opencode
 * sessions; database: rows).
 */
export interface ProgressEvent {
  phase: ProgressPhase;
  completed: number;
  total: number;
  /** The item just finished (a session id), when there is one. */
  item?: string;
  /** Bytes copied so far in the `transcripts` phase. */
  bytes?: number;
}

export type ProgressListener = (event: ProgressEvent) => void;
