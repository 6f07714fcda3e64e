import * as fs from 'node:fs';
import { z } from 'zod';
import { MigrationRefusedError } from '../errors.js';

const RunFile = z.object({ pid: z.number().int().positive() }).loose();

/**
 * Refuses when the rewrite's run file names a live process (rewrite-v12 §5).
 * A missing or unreadable run file, or a dead pid, means "not running": the
 * exclusive-lock probe that follows catches a daemon the file misses.
 */
export function refuseRunningDaemon(runFile: string, isPidAlive: (pid: number) => boolean): void {
  const pid = readRunFilePid(runFile);
  if (pid === undefined || !isPidAlive(pid)) return;
  throw new MigrationRefusedError(
    'DAEMON_RUNNING',
    `The rewrite's daemon is running (pid ${pid}, per ${runFile}): stop it with \`ao stop\`, then run again.`,
  );
}

function readRunFilePid(runFile: string): number | undefined {
  let text: string;
  try {
    text = fs.readFileSync(runFile, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = RunFile.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data.pid : undefined;
  } catch {
    return undefined;
  }
}

/** Signal 0 checks for existence without signalling; EPERM means it exists but is not ours. */
export function isPidAliveBySignal(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
