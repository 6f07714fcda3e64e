import type { ProgressEvent } from '../core/progress.js';

/** Prints transcript-copy progress on one rewritten stderr line (TTY only). */
export function createProgressPrinter(stream: NodeJS.WriteStream): (event: ProgressEvent) => void {
  let drawn = false;
  return (event) => {
    if (event.phase === 'transcripts' && event.total > 0) {
      const mib = ((event.bytes ?? 0) / 1024 / 1024).toFixed(1);
      stream.write(`\r\u001b[2Kcopying Claude transcripts ${event.completed}/${event.total} (${mib} MiB)`);
      drawn = true;
    } else if (drawn) {
      stream.write('\r\u001b[2K');
      drawn = false;
    }
  };
}
