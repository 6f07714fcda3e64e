import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashTree } from '../../src/testing/hash-tree.js';
import { readMigratedTables } from '../../src/testing/rewrite-database.js';
import { makeWorld, REPO_ROOT, writeStandardStore, type World } from './world.js';

// Another project's view of ao-migrate: the tarball `npm pack` makes,
// installed with npm into a project outside this repo, used through its bin,
// from CommonJS, from ESM and from TypeScript.

const { version } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
const REPO_SQLITE = path.join(REPO_ROOT, 'node_modules', 'better-sqlite3');

// The same consumer for both module systems: everything the package exports,
// then a migration (with `ao-migrate/testing` to look at the result).
const CONSUMER_BODY = `
async function main(api, testing) {
  const [paths, options] = [JSON.parse(process.argv[2]), JSON.parse(process.argv[3])];
  const exported = { api: Object.keys(api).sort(), testing: Object.keys(testing).sort() };
  const controller = new AbortController();
  const events = [];
  try {
    const report = await api.migrate({
      ...paths,
      dryRun: options.dryRun,
      signal: controller.signal,
      onProgress(event) {
        events.push(event);
        if (event.phase === options.abortAt) controller.abort();
      },
    });
    const rows = testing.readMigratedTables(paths.dbPath).sessions.length;
    console.log(JSON.stringify({ exported, events, report, rows }));
  } catch (error) {
    console.log(JSON.stringify({
      exported,
      events,
      refused: error instanceof api.MigrationRefusedError,
      code: error.code,
      message: error.message,
      claudeHash: testing.hashTree(paths.claudeDir),
    }));
  }
}
`;
const CONSUMERS = {
  cjs: `const api = require('ao-migrate');\nconst testing = require('ao-migrate/testing');\n${CONSUMER_BODY}\nmain(api, testing);\n`,
  mjs: `import * as api from 'ao-migrate';\nimport * as testing from 'ao-migrate/testing';\n${CONSUMER_BODY}\nawait main(api, testing);\n`,
};
type Format = keyof typeof CONSUMERS;

// An installer running the installed CLI as a child process and following it:
// the events from stderr, line by line, and the report from stdout.
const FOLLOWER = `
import { spawn } from 'node:child_process';
import * as readline from 'node:readline';
const child = spawn('node_modules/.bin/ao-migrate', ['--events', 'ndjson', '--json', ...process.argv.slice(2)], { stdio: ['ignore', 'pipe', 'pipe'] });
const events = [];
let stdout = '';
child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
readline.createInterface({ input: child.stderr }).on('line', (line) => events.push(JSON.parse(line)));
child.on('close', (exitCode) => console.log(JSON.stringify({ events, report: JSON.parse(stdout), exitCode })));
`;

// TypeScript consumers: `.cts` resolves the `require` condition, `.mts` the
// `import` one. The @ts-expect-error lines fail if the types were `any`.
const TYPED_CONSUMER = `
import { migrate, MigrationRefusedError, type MigrationReport } from 'ao-migrate';
import { createLegacyStore, type LegacyStore } from 'ao-migrate/testing';

export const store: LegacyStore = createLegacyStore();
export const pending: Promise<MigrationReport> = migrate({ legacyRoot: store.root, dryRun: true });
export const code = (error: unknown) => (error instanceof MigrationRefusedError ? error.code : undefined);
// @ts-expect-error dryRun is a boolean
migrate({ dryRun: 'yes' });
// @ts-expect-error no such export
import { notExported } from 'ao-migrate/testing';
`;

let tmp: string;
let project: string;
let pathEnv: string;
/** For npx under a world's fake HOME: npm's cache, logs and update check stay out of that home. */
let npxEnv: NodeJS.ProcessEnv;

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  const result = spawnSync(command, args, { cwd, env: { ...env, PATH: pathEnv }, encoding: 'utf8', timeout: 120_000 });
  if (result.error) throw result.error;
  return result;
}

function runOrThrow(command: string, args: string[], cwd: string): string {
  const result = run(command, args, cwd);
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr}${result.stdout}`);
  return result.stdout;
}

beforeAll(() => {
  if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'index.cjs'))) throw new Error('Run `npm run build` first.');
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ao-migrate-pack-')));
  // npm, npx and the bin's `#!/usr/bin/env node` all run the Node this test runs on,
  // the one this repo's better-sqlite3 addon was built for.
  pathEnv = `${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`;
  npxEnv = { npm_config_cache: path.join(tmp, 'npx-cache'), npm_config_update_notifier: 'false' };

  const [packed] = JSON.parse(runOrThrow('npm', ['pack', '--json', '--pack-destination', tmp], REPO_ROOT)) as [{ filename: string }];
  project = path.join(tmp, 'project');
  fs.mkdirSync(project);
  // The addon must match better-sqlite3's JavaScript: pin the version this repo built.
  const { version: sqliteVersion } = JSON.parse(fs.readFileSync(path.join(REPO_SQLITE, 'package.json'), 'utf8')) as { version: string };
  fs.writeFileSync(
    path.join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, overrides: { 'better-sqlite3': sqliteVersion } }),
  );
  // A real install of the tarball and its declared dependencies (from npm's
  // cache where it has them), without install scripts: better-sqlite3 would
  // compile for a minute. Its addon, built once by this repo's `npm ci`, is
  // copied in instead.
  runOrThrow('npm', ['install', path.join(tmp, packed.filename), '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund'], project);
  const release = path.join(project, 'node_modules', 'better-sqlite3', 'build', 'Release');
  fs.mkdirSync(release, { recursive: true });
  fs.copyFileSync(path.join(REPO_SQLITE, 'build', 'Release', 'better_sqlite3.node'), path.join(release, 'better_sqlite3.node'));

  for (const [format, source] of Object.entries(CONSUMERS)) fs.writeFileSync(path.join(project, `consumer.${format}`), source);
  fs.writeFileSync(path.join(project, 'follow.mjs'), FOLLOWER);
}, 180_000);
afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

let world: World;
beforeEach(() => {
  world = makeWorld();
  writeStandardStore(world);
});
afterEach(() => world.cleanup());

function consume(format: Format, options: { dryRun?: boolean; abortAt?: string } = {}) {
  const paths = {
    legacyRoot: world.store.root,
    globalConfigPath: world.store.registryPath,
    dataDir: world.dataDir,
    dbPath: world.dbPath,
    claudeDir: world.claudeDir,
    runFile: path.join(world.home, '.ao', 'running.json'),
  };
  const result = run(process.execPath, [`consumer.${format}`, JSON.stringify(paths), JSON.stringify(options)], project, world.env);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  // migrate() prints nothing: the consumer's one line is all there is.
  expect(result.stdout.trim().split('\n')).toHaveLength(1);
  return JSON.parse(result.stdout);
}

describe('the installed bin', () => {
  it('`npx ao-migrate --version` prints the version', () => {
    const result = run('npx', ['ao-migrate', '--version'], project, { ...world.env, ...npxEnv });
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(version);
    expect(result.status).toBe(0);
  });

  it('`npx ao-migrate --dry-run --json` reports what would happen and writes nothing', () => {
    const before = hashTree(world.home, { ignoreDirectoryMtimes: true });
    const result = run('npx', ['ao-migrate', '--dry-run', '--json'], project, { ...world.env, ...npxEnv });
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ reportVersion: 1, dryRun: true, target: { schemaVersion: 23, release: 'npm 0.10.x', backupPath: null } });
    expect(report.counts.sessions.created).toBe(4);
    expect(hashTree(world.home, { ignoreDirectoryMtimes: true })).toBe(before);
  });
});

describe('the installed CLI as a child process', () => {
  it('`--events ndjson --json`: the events on stderr, ending in done with the exit code; the report on stdout', () => {
    const result = run(process.execPath, ['follow.mjs'], project, world.env);
    expect(result.stderr).toBe('');
    const { events, report, exitCode } = JSON.parse(result.stdout);
    expect(exitCode).toBe(0);
    expect(events.every((e: { eventsVersion: number }) => e.eventsVersion === 1)).toBe(true);
    const kinds = events.map((e: { type: string; phase?: string }) => (e.type === 'progress' ? e.phase : e.type));
    expect([...new Set(kinds)]).toEqual(['read', 'plan', 'note', 'preconditions', 'transcripts', 'agents', 'database', 'done']);
    expect(events.at(-1)).toEqual({ eventsVersion: 1, type: 'done', exitCode: 0 });
    expect(report).toMatchObject({ reportVersion: 1, dryRun: false, counts: { sessions: { created: 4 } } });
    expect(events.filter((e: { type: string }) => e.type === 'note')).toHaveLength(report.notes.length);
    expect(readMigratedTables(world.dbPath).sessions).toHaveLength(4);
  });
});

describe('require() and import', () => {
  it('CommonJS and ESM get the same API, and the same dry-run report', () => {
    const before = hashTree(world.dataDir, { ignoreDirectoryMtimes: true });
    const fromCjs = consume('cjs', { dryRun: true });
    const fromEsm = consume('mjs', { dryRun: true });
    expect(fromCjs.exported.api).toEqual(expect.arrayContaining(['migrate', 'MigrationRefusedError', 'status', 'undo']));
    expect(fromCjs.exported.testing).toEqual(expect.arrayContaining(['createLegacyStore', 'createRewriteDatabase', 'hashTree']));
    expect(fromCjs.exported).toEqual(fromEsm.exported);
    expect(fromCjs.report).toMatchObject({ dryRun: true, counts: { sessions: { created: 4 } } });
    expect(fromCjs.report).toEqual(fromEsm.report);
    expect(fromCjs.rows).toBe(0);
    expect(hashTree(world.dataDir, { ignoreDirectoryMtimes: true })).toBe(before);
  });

  it.each(['cjs', 'mjs'] as const)('a real run from .%s: a report, progress through every phase, the rows', (format) => {
    const { events, report, rows } = consume(format);
    expect(report.counts.sessions.created).toBe(4);
    expect(report.target.backupPath).toMatch(/ao\.db\.pre-migrate-/);
    const phases = [...new Set(events.map((e: { phase: string }) => e.phase))];
    expect(phases).toEqual(['read', 'plan', 'preconditions', 'transcripts', 'agents', 'database', 'done']);
    const copies = events.filter((e: { phase: string }) => e.phase === 'transcripts');
    expect(copies.at(-1)).toMatchObject({ completed: 2, total: 2 });
    expect(rows).toBe(4);
    expect(readMigratedTables(world.dbPath).sessions).toHaveLength(4);
  });

  it('a refusal from CommonJS is a MigrationRefusedError with its code', () => {
    fs.rmSync(world.dbPath);
    const result = consume('cjs', { dryRun: true });
    expect(result).toMatchObject({ refused: true, code: 'DB_MISSING' });
  });

  it('an abort before the transaction commits leaves the database untouched', () => {
    const before = hashTree(world.dataDir, { ignoreDirectoryMtimes: true });
    const result = consume('mjs', { abortAt: 'transcripts' });
    expect(result).toMatchObject({ refused: true, code: 'ABORTED' });
    expect(result.events.some((e: { phase: string }) => e.phase === 'database')).toBe(false);
    expect(hashTree(world.dataDir, { ignoreDirectoryMtimes: true })).toBe(before);
    expect(readMigratedTables(world.dbPath).sessions).toEqual([]);
  });

  it('an abort at the start changes nothing at all', () => {
    const claudeBefore = hashTree(world.claudeDir);
    const result = consume('mjs', { abortAt: 'read' });
    expect(result).toMatchObject({ refused: true, code: 'ABORTED' });
    expect(result.claudeHash).toBe(claudeBefore);
    expect(readMigratedTables(world.dbPath).sessions).toEqual([]);
  });
});

it('TypeScript resolves .d.cts for require and .d.ts for import, and both type the API', () => {
  fs.writeFileSync(path.join(project, 'typed.cts'), TYPED_CONSUMER);
  fs.writeFileSync(path.join(project, 'typed.mts'), TYPED_CONSUMER);
  fs.writeFileSync(
    path.join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'nodenext',
        strict: true,
        noEmit: true,
        // Our declarations are checked where they are built (api-extractor); not @types/node again.
        skipLibCheck: true,
        types: ['node'],
        typeRoots: [path.join(REPO_ROOT, 'node_modules', '@types')],
      },
      files: ['typed.cts', 'typed.mts'],
    }),
  );
  const tsc = path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = run(process.execPath, [tsc, '-p', '.', '--listFiles'], project);
  expect(result.stdout).not.toContain('error TS');
  expect(result.status).toBe(0);
  const loaded = result.stdout.split('\n').map((file) => path.relative(project, file));
  const dist = path.join('node_modules', 'ao-migrate', 'dist');
  for (const file of ['index.d.cts', 'testing.d.cts', 'index.d.ts', 'testing.d.ts']) {
    expect(loaded).toContain(path.join(dist, file));
  }
});
