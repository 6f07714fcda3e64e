// Runs the ao-migrate CLI in this process, then writes this process's peak
// RSS in bytes to <outFile>: the fallback of peak-rss.mjs without GNU time.
// Usage: node bench/rss-wrapper.mjs <outFile> <cli.js> [args…]
import * as fs from 'node:fs';
import { pathToFileURL } from 'node:url';

const [outFile, cli, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], cli, ...args];
await import(pathToFileURL(cli).href);
// maxRSS is in KiB.
fs.writeFileSync(outFile, String(process.resourceUsage().maxRSS * 1024));
