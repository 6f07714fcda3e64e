import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';

/** The middle value (mean of the two middle ones for an even count). */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Runs `command` to completion and returns its wall time in ms; stdout goes
 * to `stdoutFile` (a big `--json` report would otherwise be piped through
 * this process) or is dropped. A non-zero exit is an error: a failing run
 * measures nothing.
 */
export function timeProcess(command, args, { env = process.env, stdoutFile } = {}) {
  const out = stdoutFile === undefined ? 'ignore' : fs.openSync(stdoutFile, 'w');
  try {
    const start = process.hrtime.bigint();
    const result = spawnSync(command, args, { env, stdio: ['ignore', out, 'pipe'], maxBuffer: 64 * 1024 * 1024 });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) {
      throw new Error(`${command} ${args.join(' ')} exited ${result.status ?? result.signal}: ${result.stderr?.toString().slice(0, 2000)}`);
    }
    return ms;
  } finally {
    if (typeof out === 'number') fs.closeSync(out);
  }
}

/** Writes dirty pages back, so that one timed run does not pay for the previous run's writes. */
export function settleDisk() {
  spawnSync('sync');
}

/**
 * One warm-up of each, then `runs` timed rounds alternating between the two
 * (so that noise from other work on the machine hits both alike). `prepare`
 * runs untimed before every run; each function returns its time in ms.
 */
export function compare({ runs, prepare = () => {}, subject, floor }) {
  const times = { subject: [], floor: [] };
  for (const run of [subject, floor]) {
    prepare();
    run();
  }
  for (let round = 0; round < runs; round += 1) {
    for (const [name, run] of [['subject', subject], ['floor', floor]]) {
      prepare();
      times[name].push(run());
    }
  }
  return { subjectMs: median(times.subject), floorMs: median(times.floor), times };
}
