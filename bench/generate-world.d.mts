// Types of generate-world.mjs for the vitest check (test/bench).
import type * as testing from '../src/testing/index.js';

export declare const SESSIONS_PER_PROJECT: number;
export declare const TRANSCRIPTS_PER_PROJECT: number;
export declare const TRANSCRIPT_BYTES: number;

export type Encoding = 'lifecycle-object' | 'lifecycle-json-text' | 'state-payload' | 'numbers-as-strings';

export interface WorldManifest {
  scale: number;
  root: string;
  home: string;
  legacyRoot: string;
  registryPath: string;
  claudeDirs: { full: string; withoutBig: string; none: string };
  templateDb: string;
  projects: number;
  files: { currentLayout: number; oldLayout: number; empty: number; invalidJson: number; corruptCopies: number; archived: number };
  encodings: Record<Encoding, number>;
  expected: {
    projectsCreated: number;
    sessionsRead: number;
    sessionsCreated: number;
    sessionsSkipped: number;
    transcriptsCreated: number;
    transcriptsSkipped: number;
  };
  transcripts: { count: number; bytes: number; bigBytes: number; bigSessionId: string; companionDirs: number };
}

export declare function generateWorld(
  root: string,
  options: { scale?: number; testing: typeof testing; claudeProjectSlug: (path: string) => string },
): WorldManifest;
