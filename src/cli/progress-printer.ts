import type { ProgressEvent } from '../core/progress.js';

/** Prints transcript progress on one rewritten stderr line (only where escapes are wanted); a dry run only checks. */
export function createProgressPrinter(stream: NodeJS.WriteStream, dryRun: boolean): (event: ProgressEvent) => void {
  let drawn = false;
  return (event) => {
    if (event.phase === 'transcripts' && event.total > 0) {
      const counted = `Claude transcripts ${event.completed}/${event.total}`;
      const mib = ((event.bytes ?? 0) / 1024 / 1024).toFixed(1);
      stream.write(`\r\u001b[2K${dryRun ? `checking ${counted}` : `copying ${counted} (${mib} MiB)`}`);
      drawn = true;
    } else if (drawn) {
      stream.write('\r\u001b[2K');
      drawn = false;
    }
  };
}
