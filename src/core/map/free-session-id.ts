import type { SessionKind } from './rows.js';

/**
 * A new id for a session whose legacy id another session keeps (session
 * ids are global in the rewrite): a worker gets `<prefix>-<N>` with N above
 * every num in use in its project, so N is free as its num too; an
 * orchestrator `<prefix>-orchestrator-<N>` (N from 2), the form legacy gave
 * its extra orchestrators. `isTaken` says which ids are spoken for.
 */
export function freeSessionId(
  kind: SessionKind,
  prefix: string,
  numsInUse: Iterable<number>,
  isTaken: (id: string) => boolean,
): string {
  let n = 2;
  if (kind === 'worker') {
    n = 1;
    for (const num of numsInUse) if (num >= n) n = num + 1;
  }
  const form = kind === 'worker' ? `${prefix}-` : `${prefix}-orchestrator-`;
  while (isTaken(`${form}${n}`)) n += 1;
  return `${form}${n}`;
}
