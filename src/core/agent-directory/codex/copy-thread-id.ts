import { createHash } from 'node:crypto';

/** A codex thread id: a UUID, which codex also puts in the rollout's file name. */
export const THREAD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The id of the copy of `threadId` for `managedPath`: the same on every run,
 * so a re-run finds its earlier copy instead of making another. Shaped like
 * the UUIDv7 ids codex makes: the original's 48-bit timestamp (so the copy
 * sorts where its thread does), version 7, RFC 4122 variant, and the rest
 * from a SHA-256 of the thread id and the managed path.
 */
export function copyThreadId(threadId: string, managedPath: string): string {
  const hash = createHash('sha256').update(`${threadId.toLowerCase()}\n${managedPath}`).digest('hex');
  const timestamp = threadId.replace(/-/g, '').slice(0, 12).toLowerCase();
  const variant = ((parseInt(hash[3]!, 16) & 0x3) | 0x8).toString(16);
  const hex = `${timestamp}7${hash.slice(0, 3)}${variant}${hash.slice(4, 19)}`;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
