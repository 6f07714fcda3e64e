import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { claudeProjectSlug } from '../../src/core/claude/project-slug.js';
import { migrate } from '../../src/node-api/migrate.js';
import type { MigrationReport } from '../../src/node-api/report.js';
import { createLegacyStore, lifecycleV2, sessionRecord, type LegacyStore } from '../../src/testing/legacy-store-builder.js';
import { createRewriteDatabase, readMigratedTables } from '../../src/testing/rewrite-database.js';
import { CLI } from '../e2e/world.js';
import { changedPaths, snapshotFiles } from './file-snapshot.js';
import { reliabilitySeed } from './seeded-random.js';

/**
 * Issue 6, hostile input: random and mutated session files and registries
 * never crash the migration, never make it write outside the destination
 * buckets and the database dir, every rejected input is named in a note and
 * every valid session is migrated.
 */

const SEED = reliabilitySeed(0x0a0_6e57);
const NUM_RUNS = 30;
const PROJECT = 'app';

/** One file (or link) in the project's `sessions/` dir, and what the migration must make of it. */
type Entry =
  /** A live session that must end `created`, its strings in the row verbatim (and its transcript copied). */
  | { kind: 'valid'; id: string; agent: 'codex' | 'claude-code'; branch: string; prompt: string; transcript: string | null }
  /** A valid record with one field of the wrong type: migrated, the field dropped with a note. */
  | { kind: 'mutated'; id: string; field: string; value: unknown }
  /** A claude-code session whose Claude session id is a path trick: migrated, the transcript refused by name. */
  | { kind: 'bad-uuid'; id: string; uuid: string }
  /** Content that is no session record: skipped, named in a note. */
  | { kind: 'garbage'; id: string; content: string | Uint8Array }
  /** A file whose name is no session id: skipped, named in a note. */
  | { kind: 'bad-name'; name: string }
  /** A session file that is a symlink out of the store: not followed, named in a note. */
  | { kind: 'symlink-out'; id: string }
  /** A valid claude-code session whose destination bucket is a symlink out of the Claude dir: not written through. */
  | { kind: 'bucket-symlink'; id: string; transcript: string };

const sessionId = fc
  .stringMatching(/^[A-Za-z0-9_-]{1,24}$/)
  // Aliases and orchestrator names have rules of their own, tested elsewhere.
  .filter((id) => !/__from-[0-9a-f]{12}$/.test(id) && !/orchestrator/i.test(id));

/** Any text, often unicode, sometimes huge, NUL included. */
const text = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'binary', maxLength: 80 }) },
  { weight: 1, arbitrary: fc.constantFrom('\u0000', 'a\u0000b', '../../etc/passwd', '🙂'.repeat(40), '\u202e\u200b') },
  { weight: 1, arbitrary: fc.integer({ min: 50_000, max: 400_000 }).map((n) => 'é🙂x'.repeat(n)) },
);

const transcriptText = fc.array(fc.string({ unit: 'binary', maxLength: 60 }), { minLength: 1, maxLength: 5 }).map(
  (lines) => `${lines.map((line) => JSON.stringify({ type: 'user', message: line })).join('\n')}\n`,
);

/** Deeply nested, so a naive recursive walk would overflow. */
const deep = fc.integer({ min: 1, max: 3000 }).map((depth) => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i += 1) value = i % 2 === 0 ? { a: value } : [value];
  // Printed short in a counterexample (JSON.stringify ignores the symbol key).
  return Object.assign(value as object, { [fc.toStringMethod]: () => `<${depth} levels deep>` });
});
const wrongType = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.array(fc.integer(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.string(), { maxKeys: 3 }), deep);

const notARecord = fc.oneof(
  fc.uint8Array({ minLength: 0, maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.constantFrom('', '{', '{"branch": "x",', '[]', 'null', '"a string"', '\uFEFF', '{}{}'),
).filter((content) => {
  try {
    const parsed: unknown = JSON.parse(typeof content === 'string' ? content : Buffer.from(content).toString('utf8').replace(/^\uFEFF/, ''));
    return typeof parsed !== 'object' || parsed === null || Array.isArray(parsed);
  } catch {
    return true;
  }
});

const badName = fc.oneof(
  fc.constantFrom('..json', '.json', 'a b.json', 'x.y.json', 'ü.json', 'tab\t.json', 'nl\n.json', 'back\\slash.json', 'colon:.json', '%2e%2e.json', 'README', 'x.json.bak'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }).map((s) => `${s.replaceAll('/', '∕').replaceAll('\u0000', '␀')}.json`),
).filter((name) => !/^[A-Za-z0-9_-]+\.json$/.test(name) && !/\.(lock|tmp(\.\d+){0,2})$/.test(name) && name !== '.' && name !== '..' && Buffer.byteLength(name) < 250);

const badUuid = fc.oneof(
  fc.constantFrom('..', '../../../../outside/x', 'a/b', '/etc/passwd', 'x\u0000y', 'C:\\evil', ' ', 'a.b', '~'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
).filter((uuid) => !/^[A-Za-z0-9_-]+$/.test(uuid));

function entriesArbitrary(): fc.Arbitrary<Entry[]> {
  const withId = fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('valid' as const), agent: fc.constantFrom('codex' as const, 'claude-code' as const), branch: text, prompt: text, transcript: fc.option(transcriptText) }) },
    {
      weight: 2,
      arbitrary: fc
        .record({ kind: fc.constant('mutated' as const), field: fc.constantFrom('branch', 'userPrompt', 'displayName', 'worktree', 'agent', 'createdAt', 'codexThreadId', 'lifecycle'), value: wrongType })
        // Any object is a lifecycle (unknown keys are ignored); only a non-object is the wrong type there.
        .filter(({ field, value }) => field !== 'lifecycle' || typeof value !== 'object' || Array.isArray(value)),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('bad-uuid' as const), uuid: badUuid }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('garbage' as const), content: notARecord }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('symlink-out' as const) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('bucket-symlink' as const), transcript: transcriptText }) },
  );
  const identified = fc
    .uniqueArray(sessionId, { minLength: 1, maxLength: 10, comparator: (a, b) => a === b })
    .chain((ids) => fc.tuple(...ids.map((id) => withId.map((entry) => ({ ...entry, id }) as Entry))));
  const named = fc.uniqueArray(badName, { maxLength: 3 }).map((names) => names.map((name): Entry => ({ kind: 'bad-name', name })));
  return fc.tuple(identified, named).map(([a, b]) => [...a, ...b]);
}

interface HostileWorld {
  home: string;
  store: LegacyStore;
  dataDir: string;
  claudeDir: string;
  projectsDir: string;
  sessionsDir: string;
  /** Source transcript per session id. */
  transcripts: Map<string, string>;
  cleanup(): void;
}

function makeHostileWorld(entries: readonly Entry[]): HostileWorld {
  const home = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ao-migrate-hostile-')));
  const store = createLegacyStore({ dir: home });
  const dataDir = path.join(home, '.ao', 'data');
  createRewriteDatabase(dataDir, 'v23');
  const claudeDir = path.join(home, '.claude');
  const projectsDir = path.join(claudeDir, 'projects');
  fs.mkdirSync(projectsDir, { recursive: true });
  const outside = path.join(home, 'outside');
  fs.mkdirSync(outside);
  // Absolute paths: the in-process run expands `~` with the real home.
  store.writeRegistry({ projects: { [PROJECT]: { path: store.repoPath(PROJECT), sessionPrefix: PROJECT, repo: { originUrl: 'https://example.com/app.git' } } } });
  const sessionsDir = path.join(store.root, 'projects', PROJECT, 'sessions');
  fs.mkdirSync(sessionsDir, { recursive: true });
  const transcripts = new Map<string, string>();

  const base = (id: string, overrides: Record<string, unknown> = {}) =>
    sessionRecord({
      project: PROJECT,
      agent: 'codex',
      claudeSessionUuid: undefined,
      codexThreadId: `thread-${id}`,
      branch: `feat/${id}`,
      worktree: path.join(home, 'legacy-worktrees', id),
      lifecycle: lifecycleV2({ state: 'working' }),
      ...overrides,
    });
  const writeTranscript = (id: string, uuid: string, content: string) => {
    const bucket = path.join(projectsDir, claudeProjectSlug(path.join(home, 'legacy-worktrees', id)));
    fs.mkdirSync(bucket, { recursive: true });
    const file = path.join(bucket, `${uuid}.jsonl`);
    fs.writeFileSync(file, content);
    transcripts.set(id, file);
  };
  const uuidOf = (index: number) => `${String(index).padStart(8, '0')}-aaaa-4bbb-8ccc-dddddddddddd`;

  entries.forEach((entry, index) => {
    switch (entry.kind) {
      case 'valid': {
        const claude = entry.agent === 'claude-code';
        const uuid = uuidOf(index);
        store.writeSession(PROJECT, entry.id, base(entry.id, {
          branch: entry.branch,
          userPrompt: entry.prompt,
          ...(claude ? { agent: 'claude-code', codexThreadId: undefined, claudeSessionUuid: uuid } : {}),
        }));
        if (claude && entry.transcript !== null) writeTranscript(entry.id, uuid, entry.transcript);
        break;
      }
      case 'mutated':
        store.writeSession(PROJECT, entry.id, { ...base(entry.id), [entry.field]: entry.value });
        break;
      case 'bad-uuid':
        store.writeSession(PROJECT, entry.id, base(entry.id, { agent: 'claude-code', codexThreadId: undefined, claudeSessionUuid: entry.uuid }));
        break;
      case 'garbage':
        fs.writeFileSync(path.join(sessionsDir, `${entry.id}.json`), entry.content);
        break;
      case 'bad-name':
        fs.writeFileSync(path.join(sessionsDir, entry.name), JSON.stringify(base('bad-name')));
        break;
      case 'symlink-out': {
        const target = path.join(outside, `${entry.id}.json`);
        fs.writeFileSync(target, JSON.stringify(base(entry.id)));
        fs.symlinkSync(target, path.join(sessionsDir, `${entry.id}.json`));
        break;
      }
      case 'bucket-symlink': {
        const uuid = uuidOf(index);
        store.writeSession(PROJECT, entry.id, base(entry.id, { agent: 'claude-code', codexThreadId: undefined, claudeSessionUuid: uuid }));
        writeTranscript(entry.id, uuid, entry.transcript);
        const linkTarget = path.join(outside, `bucket-${entry.id}`);
        fs.mkdirSync(linkTarget);
        fs.symlinkSync(linkTarget, destinationBucket(dataDir, projectsDir, entry.id));
        break;
      }
    }
  });
  return { home, store, dataDir, claudeDir, projectsDir, sessionsDir, transcripts, cleanup: () => fs.rmSync(home, { recursive: true, force: true }) };
}

/** Where the daemon will resume a worker of `app`: its Claude bucket. */
function destinationBucket(dataDir: string, projectsDir: string, id: string): string {
  return path.join(projectsDir, claudeProjectSlug(path.join(dataDir, 'worktrees', PROJECT, id)));
}

function runIn(world: HostileWorld): Promise<MigrationReport> {
  return migrate({
    legacyRoot: world.store.root,
    globalConfigPath: world.store.registryPath,
    dataDir: world.dataDir,
    claudeDir: world.claudeDir,
    runFile: path.join(world.home, '.ao', 'running.json'),
    backup: false,
  });
}

/** Every text of the report that can name an input: notes, and the reasons of sessions and transcripts. */
function namesIn(report: MigrationReport): string[] {
  return [
    ...report.notes.flatMap((note) => [note.id, note.message]),
    ...report.sessions.flatMap((session) => [session.reason ?? '']),
    ...report.transcripts.flatMap((transcript) => [transcript.reason ?? '']),
  ];
}

function expectNamed(report: MigrationReport, name: string, what: string): void {
  expect(namesIn(report).some((text) => text.includes(name)), `${what} is named in a note or reason`).toBe(true);
}

/** The files the run may write: the database dir, and the destination buckets of the transcripts it created. */
function expectNothingWrittenOutside(world: HostileWorld, report: MigrationReport, changed: readonly string[]): void {
  const buckets = report.transcripts
    .filter((t) => t.status === 'created')
    .map((t) => path.dirname(t.destination))
    .filter((bucket) => fs.lstatSync(bucket).isDirectory());
  const allowed = (file: string) =>
    file === world.dataDir || file.startsWith(world.dataDir + path.sep) || buckets.some((b) => file === b || file.startsWith(b + path.sep));
  expect(changed.filter((file) => !allowed(file)), 'written outside the database dir and the destination buckets').toEqual([]);
}

function checkEntries(world: HostileWorld, entries: readonly Entry[], report: MigrationReport): void {
  const sessions = new Map(report.sessions.map((s) => [s.id, s]));
  const transcripts = new Map(report.transcripts.map((t) => [t.sessionId, t]));
  const rows = new Map(readMigratedTables(path.join(world.dataDir, 'ao.db')).sessions.map((row) => [String(row.id), row]));

  for (const entry of entries) {
    switch (entry.kind) {
      case 'valid': {
        expect(sessions.get(entry.id)?.status, `valid session ${entry.id}`).toBe('created');
        expect(rows.get(entry.id)).toMatchObject({ branch: entry.branch, prompt: entry.prompt });
        const source = world.transcripts.get(entry.id);
        if (source !== undefined) {
          const transcript = transcripts.get(entry.id);
          expect(transcript?.status, `transcript of ${entry.id}`).toBe('created');
          expect(fs.readFileSync(transcript?.destination ?? '').equals(fs.readFileSync(source))).toBe(true);
        }
        break;
      }
      case 'mutated':
        expect(sessions.get(entry.id)?.status, `mutated session ${entry.id} (${entry.field})`).toBe('created');
        expect(
          report.notes.some((note) => note.id === entry.id && note.message.includes(entry.field)),
          `the dropped ${entry.field} of ${entry.id} is noted`,
        ).toBe(true);
        break;
      case 'bad-uuid':
        expect(sessions.get(entry.id)?.status, `session ${entry.id} with a hostile Claude id`).toBe('created');
        expect(transcripts.get(entry.id)?.status).toBe('skipped');
        expectNamed(report, JSON.stringify(entry.uuid), `the Claude id of ${entry.id}`);
        break;
      case 'garbage':
        expect(rows.has(entry.id), `garbage ${entry.id} is not migrated`).toBe(false);
        expectNamed(report, path.join(world.sessionsDir, `${entry.id}.json`), `garbage file ${entry.id}.json`);
        break;
      case 'bad-name':
        expectNamed(report, path.join(world.sessionsDir, entry.name), `file ${JSON.stringify(entry.name)}`);
        break;
      case 'symlink-out':
        expect(rows.has(entry.id), `symlinked ${entry.id} is not migrated`).toBe(false);
        expectNamed(report, path.join(world.sessionsDir, `${entry.id}.json`), `symlink ${entry.id}.json`);
        break;
      case 'bucket-symlink': {
        expect(sessions.get(entry.id)?.status).toBe('created');
        expect(transcripts.get(entry.id)?.status, `transcript of ${entry.id} into a symlinked bucket`).toBe('conflict');
        expectNamed(report, destinationBucket(world.dataDir, world.projectsDir, entry.id), `the symlinked bucket of ${entry.id}`);
        break;
      }
    }
  }
  expect(report.counts.sessions.failed + report.counts.transcripts.failed, 'no item failed').toBe(0);
}

describe('hostile session files (property-based)', () => {
  it('never crash or write outside; name every rejected file; migrate every valid session', async () => {
    console.log(`hostile input: fast-check seed ${SEED} (replay with AO_RELIABILITY_SEED=${SEED})`);
    await fc.assert(
      fc.asyncProperty(entriesArbitrary(), async (entries) => {
        const world = makeHostileWorld(entries);
        try {
          const before = snapshotFiles(world.home);
          const report = await runIn(world);
          expectNothingWrittenOutside(world, report, changedPaths(before, snapshotFiles(world.home)));
          checkEntries(world, entries, report);
        } finally {
          world.cleanup();
        }
      }),
      { seed: SEED, numRuns: NUM_RUNS, endOnFailure: true },
    );
  });
});

/** A registry: a map of hostile and valid entries under hostile and valid ids, or no map at all. */
const registryArbitrary = (home: string) => {
  const projectId = fc.oneof(
    fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._-]{0,20}$/),
    fc.constantFrom('..', '../evil', 'a/b', '/abs', 'x\u0000y', '.hidden', '-dash', 'a..b', 'ü', ' ', '🙂'.repeat(50), 'x'.repeat(5000)),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }),
  );
  const validEntry = fc.nat(5).map((n) => ({ path: path.join(home, 'code', `repo${n}`), repo: { originUrl: `https://example.com/${n}.git` } }));
  const mutatedEntry = fc.record(
    { path: fc.oneof(fc.integer(), text, deep, fc.constant('relative/dir')), repo: fc.oneof(fc.string(), wrongType), sessionPrefix: fc.oneof(text, wrongType), registeredAt: fc.oneof(fc.string(), wrongType) },
    { requiredKeys: [] },
  );
  const entry = fc.oneof(validEntry, mutatedEntry, fc.jsonValue({ maxDepth: 3 }));
  const registry = fc.dictionary(projectId, entry, { minKeys: 1, maxKeys: 6 }).map((projects) => ({ kind: 'map' as const, projects }));
  const garbage = fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.constantFrom('projects: [1, 2]', 'projects: 7', '- a\n- b', ': :', 'projects:\n  a: {path: [}', '\t\u0000')).map((content) => ({ kind: 'text' as const, content }));
  return fc.oneof({ weight: 4, arbitrary: registry }, { weight: 1, arbitrary: garbage });
};

describe('hostile registries (property-based)', () => {
  it('never crash or write outside; every project is migrated or named', async () => {
    const home = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ao-migrate-hostile-registry-')));
    try {
      for (let n = 0; n <= 5; n += 1) fs.mkdirSync(path.join(home, 'code', `repo${n}`), { recursive: true });
      await fc.assert(
        fc.asyncProperty(registryArbitrary(home), async (registry) => {
          const store = createLegacyStore({ dir: home });
          const dataDir = path.join(home, '.ao', 'data');
          const dbPath = createRewriteDatabase(dataDir, 'v23');
          try {
            // JSON is YAML too, and the `yaml` stringifier overflows on the deep values.
            fs.writeFileSync(store.registryPath, registry.kind === 'map' ? JSON.stringify({ projects: registry.projects }) : registry.content);
            const before = snapshotFiles(home);
            const report = await migrate({
              legacyRoot: store.root,
              globalConfigPath: store.registryPath,
              dataDir,
              claudeDir: path.join(home, '.claude'),
              runFile: path.join(home, '.ao', 'running.json'),
              backup: false,
            });
            const changed = changedPaths(before, snapshotFiles(home)).filter((file) => !file.startsWith(dataDir + path.sep));
            expect(changed, 'written outside the database dir').toEqual([]);

            const rows = readMigratedTables(dbPath).projects.map((row) => String(row.id));
            const created = report.projects.filter((p) => p.status === 'created').map((p) => p.id);
            expect(rows.sort()).toEqual([...created].sort());
            for (const id of rows) expect(id, 'only valid project ids get a row').toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]*$/);
            for (const id of rows) expect(id).not.toContain('..');
            for (const project of report.projects) {
              if (project.status !== 'created' && project.status !== 'already-present') expect(project.reason, project.id).toBeTruthy();
            }
            const wholeRegistryRejected =
              report.problems.some((problem) => problem.path === store.registryPath) ||
              report.notes.some((note) => note.id === store.registryPath && note.message.includes('no projects read'));
            if (registry.kind === 'map' && !wholeRegistryRejected) {
              for (const id of Object.keys(registry.projects)) {
                const named = report.projects.some((p) => p.id === id) || report.notes.some((note) => note.id === id || note.message.includes(id));
                expect(named, `registry entry ${JSON.stringify(id)} is migrated or named`).toBe(true);
              }
            } else if (report.projects.length === 0) {
              const named = report.problems.some((problem) => problem.path === store.registryPath) || report.notes.some((note) => note.id === store.registryPath);
              expect(named, 'an unusable registry is named').toBe(true);
            }
          } finally {
            fs.rmSync(store.root, { recursive: true, force: true });
            fs.rmSync(path.join(home, '.ao'), { recursive: true, force: true });
          }
        }),
        { seed: SEED, numRuns: NUM_RUNS, endOnFailure: true },
      );
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('hostile input through the built CLI', () => {
  /** One of each kind, the deep value among them, then random mixes. */
  const handPicked: Entry[] = [
    { kind: 'valid', id: 'ok-1', agent: 'claude-code', branch: 'feat/ü🙂\u0000', prompt: 'é'.repeat(300_000), transcript: '{"type":"user"}\n' },
    { kind: 'mutated', id: 'deep-1', field: 'createdAt', value: fc.sample(deep.filter((v) => JSON.stringify(v).length > 10_000), { seed: SEED, numRuns: 1 })[0] },
    { kind: 'bad-uuid', id: 'uuid-1', uuid: '../../../../outside/x' },
    { kind: 'garbage', id: 'garbage-1', content: new Uint8Array([0xff, 0xfe, 0x00, 0x7b]) },
    { kind: 'bad-name', name: '..json' },
    { kind: 'symlink-out', id: 'link-1' },
    { kind: 'bucket-symlink', id: 'bucket-1', transcript: '{"type":"user"}\n' },
  ];
  const worlds = [handPicked, ...fc.sample(entriesArbitrary(), { seed: SEED, numRuns: 2 })];

  it.each(worlds.map((entries, index) => [index, entries] as const))('world %i: exit 0 or 1, a report, no stack trace', (_index, entries) => {
    const world = makeHostileWorld(entries);
    try {
      const env = { PATH: process.env.PATH, HOME: world.home, NO_COLOR: '1' };
      for (const args of [['--json', '--no-backup'], ['--verbose', '--no-backup']]) {
        const result = spawnSync(process.execPath, [CLI, ...args], { env, encoding: 'utf8', timeout: 60_000 });
        expect([0, 1], `${args.join(' ')}: ${result.stderr}`).toContain(result.status);
        expect(result.stderr).not.toMatch(/^\s+at /m);
        expect(result.stderr).not.toMatch(/unexpected error/);
        if (args.includes('--json')) {
          const report = JSON.parse(result.stdout) as MigrationReport;
          checkEntries(world, entries, report);
        } else {
          expect(result.stdout).toContain('migration finished');
        }
      }
    } finally {
      world.cleanup();
    }
  });
});
