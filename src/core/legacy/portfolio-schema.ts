import { z } from 'zod';
import { optionalText } from './schema-parts.js';

/** `portfolio/preferences.json`: per-project UI overrides; only `displayName` matters here. */
export const preferencesSchema = z.object({
  projects: z.record(z.string(), z.object({ displayName: optionalText }).catch({ displayName: undefined })).nullish(),
});

/** `portfolio/registered.json` (old installs): when each project path was added. */
export const registeredSchema = z.object({
  projects: z
    .array(z.object({ path: optionalText, addedAt: optionalText }).catch({ path: undefined, addedAt: undefined }))
    .nullish(),
});
