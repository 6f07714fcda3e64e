import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { timeProcess } from './measure.mjs';

const GNU_TIME = '/usr/bin/time';

/**
 * Runs `node <cli> args…` and returns its peak resident set size in bytes
 * and its wall time: from GNU time when the machine has it, else from
 * `rss-wrapper.mjs`, which runs the CLI in its own process and reports
 * `process.resourceUsage().maxRSS`. The `--json` report lands in
 * `<workDir>/report.json`.
 */
export function peakRss(node, [cli, ...args], { env, workDir }) {
  const measured = path.join(workDir, 'rss.txt');
  const stdoutFile = path.join(workDir, 'report.json');
  if (fs.existsSync(GNU_TIME)) {
    const ms = timeProcess(GNU_TIME, ['-v', '-o', measured, node, cli, ...args], { env, stdoutFile });
    const kib = /Maximum resident set size \(kbytes\): (\d+)/.exec(fs.readFileSync(measured, 'utf8'))?.[1];
    if (kib === undefined) throw new Error(`${GNU_TIME} -v printed no maximum resident set size`);
    return { bytes: Number(kib) * 1024, ms, method: `${GNU_TIME} -v` };
  }
  const wrapper = path.join(path.dirname(fileURLToPath(import.meta.url)), 'rss-wrapper.mjs');
  const ms = timeProcess(node, [wrapper, measured, cli, ...args], { env, stdoutFile });
  return { bytes: Number(fs.readFileSync(measured, 'utf8')), ms, method: 'process.resourceUsage().maxRSS' };
}
