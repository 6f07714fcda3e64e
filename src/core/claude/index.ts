export { claudeConfigDir } from './config-dir.js';
export { claudeProjectSlug } from './project-slug.js';
export { relocateClaudeTranscript, type RelocateOptions, type TranscriptOutcome } from './relocate-transcript.js';
