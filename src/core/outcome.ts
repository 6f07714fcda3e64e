/**
 * How one project, session or transcript ended (or, in a dry run, would end).
 * `skipped` is by policy (terminal session, invalid id, …); `conflict` means
 * the target already holds something different and was left alone; `failed`
 * means an error stopped this item.
 */
export type ItemStatus = 'created' | 'already-present' | 'skipped' | 'conflict' | 'failed';

export const ITEM_STATUSES: readonly ItemStatus[] = [
  'created',
  'already-present',
  'skipped',
  'conflict',
  'failed',
];
