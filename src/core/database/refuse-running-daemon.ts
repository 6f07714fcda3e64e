import * as http from 'node:http';
import { z } from 'zod';
import { nodeFileSystem, readRegularFile } from '../effects/fs.js';
import { MigrationRefusedError } from '../errors.js';
import type { Note } from '../note.js';

/** Unknown keys (`owner`, `appRunId`, … on newer builds) are ignored (rewrite-today §5). */
const RunFile = z.object({ pid: z.number().int().positive(), port: z.number().int().min(1).max(65535).optional() }).loose();

/** The daemon's own answer to `GET /healthz`. */
const Health = z.object({ service: z.literal('agent-orchestrator-daemon'), pid: z.number().int() }).loose();

/** How a running daemon is recognised; replaceable where the real pid check or loopback request cannot be used (tests, sandboxes). */
export interface DaemonCheckEffects {
  /** Default: signal 0, where EPERM also means alive. */
  isPidAlive?: (pid: number) => boolean;
  /** `GET http://127.0.0.1:<port>/healthz` → the parsed JSON body, or `undefined` for no (or no JSON) answer within 2 s. */
  fetchHealth?: (port: number) => Promise<unknown>;
}

/**
 * Refuses when the rewrite's daemon runs, checked as the daemon checks
 * itself (rewrite-today §5): the run file names a live pid AND
 * `/healthz` on its loopback port answers as `agent-orchestrator-daemon`
 * with that pid. A pid alone proves nothing (a leaked run file, a reused
 * pid): any other answer makes it a stale run file, said in the returned
 * note, and the exclusive-lock probe that follows decides.
 */
export async function refuseRunningDaemon(runFile: string, effects: DaemonCheckEffects = {}): Promise<Note[]> {
  const recorded = readRunFile(runFile);
  if (recorded === undefined || !(effects.isPidAlive ?? isPidAliveBySignal)(recorded.pid)) return [];
  const health = recorded.port === undefined ? undefined : await (effects.fetchHealth ?? fetchHealth)(recorded.port);
  const answer = Health.safeParse(health);
  if (answer.success && answer.data.pid === recorded.pid) {
    throw new MigrationRefusedError(
      'DAEMON_RUNNING',
      `The rewrite's daemon is running (pid ${recorded.pid}, port ${recorded.port}, per ${runFile}): stop it with \`ao stop\`, then run again. ` +
        'With the desktop app, quit the app and make sure its daemon stopped too (`ao stop`).',
    );
  }
  const why =
    recorded.port === undefined
      ? 'it names no port to ask'
      : health === undefined
        ? `nothing answered on port ${recorded.port}`
        : `port ${recorded.port} answered, but not as the rewrite's daemon with that pid`;
  return [
    {
      scope: 'store',
      id: runFile,
      message: `The run file names pid ${recorded.pid}, which is alive, but ${why}: a stale run file (the process is something else); whether another process has the database open is checked directly.`,
    },
  ];
}

function readRunFile(runFile: string): z.infer<typeof RunFile> | undefined {
  let text: string;
  try {
    text = readRegularFile(nodeFileSystem, runFile).toString('utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = RunFile.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

const HEALTH_TIMEOUT_MS = 2000;

/** The daemon's `/healthz` on loopback only; `undefined` for any failure or a body that is not JSON. */
export function fetchHealth(port: number): Promise<unknown> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: HEALTH_TIMEOUT_MS }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        // A real answer is a few hundred bytes; anything huge is not the daemon.
        body += chunk;
        if (body.length > 64 * 1024) request.destroy();
      });
      response.on('end', () => {
        try {
          resolve(JSON.parse(body) as unknown);
        } catch {
          resolve(undefined);
        }
      });
      response.on('error', () => resolve(undefined));
    });
    request.on('timeout', () => request.destroy());
    request.on('error', () => resolve(undefined));
    // After a timeout or an oversized body nothing else settles the promise (a settled one ignores this).
    request.on('close', () => resolve(undefined));
  });
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
