export { claudeConfigDir } from './config-dir.js';
export { claudeProjectSlug } from './project-slug.js';
export {
  relocateClaudeTranscript,
  type RelocateOptions,
  type TranscriptOutcome,
  type TranscriptRelocation,
} from './relocate-transcript.js';
