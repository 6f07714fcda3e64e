// `npm run bench`: speed and memory of ao-migrate against floors on a large
// generated world. See bench/README.md. BENCH_SCALE=0.1 for a quick run.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateWorld } from './generate-world.mjs';
import { compare, median, settleDisk, timeProcess } from './measure.mjs';
import { peakRss } from './peak-rss.mjs';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(BENCH_DIR, '..');
const RUNS = 3;
const HELP_RUNS = 10;
const MiB = 1024 * 1024;

const scale = Number(process.env.BENCH_SCALE ?? '1');
if (!(scale > 0 && scale <= 1)) throw new Error(`BENCH_SCALE must be in (0, 1], got ${process.env.BENCH_SCALE}`);
const log = (message) => process.stderr.write(`bench: ${message}\n`);

const benchRoot = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ao-migrate-bench-')));
// The world is gigabytes: do not leave it behind when interrupted.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    fs.rmSync(benchRoot, { recursive: true, force: true });
    process.exit(1);
  });
}
try {
  const build = snapshotBuild(benchRoot);
  const cli = path.join(build, 'dist', 'cli.js');
  const lib = await import(pathToFileURL(path.join(build, 'dist', 'index.js')).href);
  const testing = await import(pathToFileURL(path.join(build, 'dist', 'testing.js')).href);

  log(`generating the world at scale ${scale} in ${benchRoot}`);
  const generationStart = performance.now();
  const worldRoot = path.join(benchRoot, 'world');
  fs.mkdirSync(worldRoot);
  const world = generateWorld(worldRoot, { scale, testing, claudeProjectSlug: lib.claudeProjectSlug });
  const generationMs = performance.now() - generationStart;
  const targets = targetFactory(benchRoot, world, lib);
  const env = { PATH: process.env.PATH, HOME: world.home, NO_COLOR: '1' };
  const cliArgs = (target, claudeDir, ...extra) => [
    cli, '--json', '--no-backup', ...extra,
    '--legacy-root', world.legacyRoot,
    '--config', world.registryPath,
    '--data-dir', target.dataDir,
    '--claude-dir', claudeDir,
    '--run-file', path.join(target.runDir, 'running.json'),
  ];
  const runCli = (claudeDir, ...extra) => {
    const target = targets.current();
    const reportFile = path.join(target.runDir, 'report.json');
    const ms = timeProcess(process.execPath, cliArgs(target, claudeDir, ...extra), { env, stdoutFile: reportFile });
    checkCounts(JSON.parse(fs.readFileSync(reportFile, 'utf8')), world.expected, claudeDir === world.claudeDirs.none);
    return ms;
  };
  const fresh = () => {
    targets.next();
    settleDisk();
  };
  const results = [];

  log('1/5 real run (database part) vs floor');
  const database = compare({
    runs: RUNS,
    prepare: fresh,
    subject: () => runCli(world.claudeDirs.none),
    floor: () =>
      timeProcess(process.execPath, [
        path.join(BENCH_DIR, 'floor-migrate.mjs'),
        world.legacyRoot,
        targets.current().dbPath,
        String(world.expected.projectsCreated),
        String(world.expected.sessionsCreated),
      ], { env }),
  });
  results.push(ratio('real run ÷ floor (read, parse, insert in one transaction)', database, 1.5,
    'database part only: Claude dir without transcripts; transcripts are measure 2'));

  log('2/5 transcript relocation vs cp -r --reflink=auto');
  const snapshot = lib.readLegacy({ legacyRoot: world.legacyRoot, globalConfigPath: world.registryPath, homeDir: world.home, env: {} });
  const sourceProjects = path.join(world.claudeDirs.withoutBig, 'projects');
  const relocation = compare({
    runs: RUNS,
    prepare: fresh,
    subject: () => {
      // Each run has a fresh data dir, and the rows name managed worktrees under it.
      const plan = lib.planMigration(snapshot, { now: new Date(), homeDir: world.home, dataDir: targets.current().dataDir });
      const start = performance.now();
      const { transcripts } = lib.relocateClaudeTranscript(plan, { claudeDir: world.claudeDirs.withoutBig });
      const ms = performance.now() - start;
      const created = transcripts.filter((outcome) => outcome.status === 'created').length;
      if (created !== world.expected.transcriptsCreated) throw new Error(`relocation created ${created} transcripts, expected ${world.expected.transcriptsCreated}`);
      return ms;
    },
    floor: () => timeProcess('cp', ['-r', '--reflink=auto', sourceProjects, path.join(targets.current().runDir, 'cp')]),
  });
  results.push(ratio('transcript relocation ÷ cp -r --reflink=auto', relocation, 1.1,
    `${world.transcripts.count} transcripts, ${(world.transcripts.count * 0.25).toFixed(0)} MiB (without the big one); relocateClaudeTranscript in-process`));

  log('3/5 dry run vs floor');
  const dryRun = compare({
    runs: RUNS,
    prepare: fresh,
    subject: () => runCli(world.claudeDirs.none, '--dry-run'),
    floor: () => timeProcess(process.execPath, [path.join(BENCH_DIR, 'floor-read.mjs'), world.legacyRoot], { env }),
  });
  results.push(ratio('dry run ÷ floor (read, parse)', dryRun, 1.3, 'Claude dir without transcripts'));

  log('4/5 peak RSS of the full run, with and without the big transcript');
  const rssOf = (claudeDir) => {
    const samples = [];
    for (let run = 0; run < RUNS; run += 1) {
      fresh();
      const target = targets.current();
      samples.push(peakRss(process.execPath, cliArgs(target, claudeDir), { env, workDir: target.runDir }));
      checkCounts(JSON.parse(fs.readFileSync(path.join(target.runDir, 'report.json'), 'utf8')), world.expected, false);
    }
    return { bytes: median(samples.map((s) => s.bytes)), ms: median(samples.map((s) => s.ms)), method: samples[0].method };
  };
  const withBig = rssOf(world.claudeDirs.full);
  const withoutBig = rssOf(world.claudeDirs.withoutBig);
  targets.next();
  results.push({
    measure: 'peak RSS of the full run',
    value: withBig.bytes / MiB,
    unit: 'MiB',
    target: 256,
    pass: withBig.bytes / MiB <= 256,
    detail: `${withBig.method}; full run with every transcript took ${(withBig.ms / 1000).toFixed(1)} s (median)`,
  });
  const bigDelta = (withBig.bytes - withoutBig.bytes) / MiB;
  results.push({
    measure: `RSS added by the ${(world.transcripts.bigBytes / MiB).toFixed(0)} MiB transcript`,
    value: bigDelta,
    unit: 'MiB',
    target: 32,
    pass: bigDelta <= 32,
    detail: `without it: ${(withoutBig.bytes / MiB).toFixed(1)} MiB`,
  });

  log('5/5 --help cold start vs node -e 0');
  const help = compare({
    runs: HELP_RUNS,
    subject: () => timeProcess(process.execPath, [cli, '--help']),
    floor: () => timeProcess(process.execPath, ['-e', '0']),
  });
  results.push(ratio('ao-migrate --help ÷ node -e 0', help, 3, `median of ${HELP_RUNS}`));

  const summary = {
    timestamp: new Date().toISOString(),
    scale,
    node: process.version,
    cpus: os.cpus().length,
    loadAverage: os.loadavg(),
    world: {
      projects: world.projects,
      files: world.files,
      encodings: world.encodings,
      expected: world.expected,
      transcripts: world.transcripts,
      generationMs: Math.round(generationMs),
    },
    results,
  };
  printTable(results);
  writeResults(summary);
} finally {
  fs.rmSync(benchRoot, { recursive: true, force: true });
}

/**
 * Copies the build (and package.json, which makes it ESM and names the
 * version) beside the world: the bench then measures one build throughout,
 * even if `dist/` is rebuilt while it runs. node_modules is linked.
 */
function snapshotBuild(root) {
  const build = path.join(root, 'build');
  for (const entry of ['index.js', 'cli.js', 'testing.js']) {
    if (!fs.existsSync(path.join(REPO, 'dist', entry))) throw new Error(`dist/${entry} is missing: run \`npm run build\` (or \`npm run bench\`)`);
  }
  fs.cpSync(path.join(REPO, 'dist'), path.join(build, 'dist'), { recursive: true });
  fs.copyFileSync(path.join(REPO, 'package.json'), path.join(build, 'package.json'));
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(build, 'node_modules'));
  return build;
}

/**
 * Fresh targets: each `next()` removes the previous run dir and the
 * destination buckets its run wrote into the Claude dirs, then makes a run
 * dir holding a copy of the template v12 database.
 */
function targetFactory(root, world, lib) {
  let count = 0;
  let current;
  const remove = () => {
    if (current === undefined) return;
    const slugPrefix = `${lib.claudeProjectSlug(current.dataDir)}-`;
    for (const claudeDir of Object.values(world.claudeDirs)) {
      const projects = path.join(claudeDir, 'projects');
      for (const name of fs.readdirSync(projects)) {
        if (name.startsWith(slugPrefix)) fs.rmSync(path.join(projects, name), { recursive: true, force: true });
      }
    }
    fs.rmSync(current.runDir, { recursive: true, force: true });
  };
  return {
    current: () => current,
    next() {
      remove();
      count += 1;
      const runDir = path.join(root, 'runs', String(count));
      const dataDir = path.join(runDir, 'data');
      fs.mkdirSync(dataDir, { recursive: true });
      fs.copyFileSync(world.templateDb, path.join(dataDir, 'ao.db'));
      current = { runDir, dataDir, dbPath: path.join(dataDir, 'ao.db') };
      return current;
    },
  };
}

/** A run that migrated something else than the world holds measured the wrong thing. */
function checkCounts(report, expected, withoutTranscripts) {
  const { sessions, projects, transcripts } = report.counts;
  const want = {
    projects: expected.projectsCreated,
    sessions: expected.sessionsCreated,
    skipped: expected.sessionsSkipped,
    transcripts: withoutTranscripts ? 0 : expected.transcriptsCreated,
  };
  const got = { projects: projects.created, sessions: sessions.created, skipped: sessions.skipped, transcripts: transcripts.created };
  if (JSON.stringify(got) !== JSON.stringify(want)) {
    throw new Error(`the run reported ${JSON.stringify(got)}, the world expects ${JSON.stringify(want)}`);
  }
}

function ratio(measure, { subjectMs, floorMs, times }, target, detail) {
  const value = subjectMs / floorMs;
  return {
    measure,
    value,
    unit: '×',
    target,
    pass: value <= target,
    detail: `${subjectMs.toFixed(0)} ms vs ${floorMs.toFixed(0)} ms (medians); ${detail}`,
    times,
  };
}

function printTable(results) {
  const rows = results.map((r) => [
    r.measure,
    `${r.value.toFixed(2)} ${r.unit}`,
    `≤ ${r.target} ${r.unit}`,
    r.pass ? 'PASS' : 'MISS',
    r.detail,
  ]);
  const header = ['measure', 'value', 'target', 'result', 'detail'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells) => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ');
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(row));
}

function writeResults(summary) {
  const dir = path.join(BENCH_DIR, 'results');
  fs.mkdirSync(dir, { recursive: true });
  const text = `${JSON.stringify(summary, null, 2)}\n`;
  const file = path.join(dir, `${summary.timestamp.replace(/:/g, '-')}.json`);
  fs.writeFileSync(file, text);
  fs.writeFileSync(path.join(dir, 'latest.json'), text);
  console.log(`\nresults: ${path.relative(REPO, file)} (and bench/results/latest.json)`);
}
