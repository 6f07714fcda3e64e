import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateWorld, SESSIONS_PER_PROJECT, type WorldManifest } from '../../bench/generate-world.mjs';
import { claudeProjectSlug } from '../../src/core/claude/project-slug.js';
import { migrate } from '../../src/node-api/migrate.js';
import * as testing from '../../src/testing/index.js';

// The bench's generator at a tiny scale (2 projects): it must write what its
// manifest claims, or `npm run bench` silently measures something else.
let root: string;
let world: WorldManifest;
beforeAll(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ao-migrate-bench-world-')));
  world = generateWorld(root, { scale: 0.02, testing, claudeProjectSlug });
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe('bench world generator', () => {
  it('writes every session slot of every project in the layout it claims', () => {
    expect(world.projects).toBe(2);
    const current = filesUnder(path.join(world.legacyRoot, 'projects')).filter((f) => f.includes(`${path.sep}sessions${path.sep}`));
    const records = current.filter((f) => f.endsWith('.json'));
    const sizes = records.map((f) => fs.statSync(f).size);
    expect(records).toHaveLength(world.files.currentLayout + world.files.empty + world.files.invalidJson);
    expect(sizes.filter((size) => size === 0)).toHaveLength(world.files.empty);
    expect(current.filter((f) => /\.json\.corrupt-\d+$/.test(f))).toHaveLength(world.files.corruptCopies);

    const oldDirs = fs.readdirSync(world.legacyRoot).filter((name) => /^[0-9a-f]{12}-/.test(name));
    expect(oldDirs).toHaveLength(world.projects);
    const old = oldDirs.flatMap((dir) => filesUnder(path.join(world.legacyRoot, dir, 'sessions')));
    expect(old.filter((f) => !f.includes(`${path.sep}archive${path.sep}`))).toHaveLength(world.files.oldLayout);
    expect(old.filter((f) => f.includes(`${path.sep}archive${path.sep}`))).toHaveLength(world.files.archived);
    expect(fs.readFileSync(old[0]!, 'utf8')).toMatch(/^stateVersion=2$/m);

    expect(world.files.currentLayout + world.files.oldLayout + world.files.empty + world.files.invalidJson).toBe(
      world.projects * SESSIONS_PER_PROJECT,
    );
  });

  it('encodes lifecycles with the quirks it counts', () => {
    const parsed = filesUnder(path.join(world.legacyRoot, 'projects'))
      .filter((f) => f.endsWith('.json') && fs.statSync(f).size > 0)
      .flatMap((f) => {
        try {
          return [JSON.parse(fs.readFileSync(f, 'utf8')) as Record<string, unknown>];
        } catch {
          return [];
        }
      });
    const count = (test: (r: Record<string, unknown>) => boolean) => parsed.filter(test).length;
    const lifecycle = (r: Record<string, unknown>) => r['lifecycle'] as { pr?: { number?: unknown } } | undefined;
    expect(count((r) => typeof r['lifecycle'] === 'string')).toBe(world.encodings['lifecycle-json-text']);
    expect(count((r) => 'statePayload' in r) + world.files.oldLayout).toBe(world.encodings['state-payload']);
    expect(count((r) => typeof lifecycle(r)?.pr?.number === 'string')).toBe(world.encodings['numbers-as-strings']);
    expect(count((r) => typeof r['lifecycle'] === 'object' && typeof lifecycle(r)?.pr?.number !== 'string')).toBe(
      world.encodings['lifecycle-object'],
    );
    for (const n of Object.values(world.encodings)) expect(n).toBeGreaterThan(0);
  });

  it('writes the transcripts it claims: real blocks, the big one only in the full Claude dir', () => {
    const jsonl = (dir: string) => filesUnder(path.join(dir, 'projects')).filter((f) => f.endsWith('.jsonl') && !f.includes('subagents'));
    const full = jsonl(world.claudeDirs.full);
    expect(full).toHaveLength(world.transcripts.count);
    expect(jsonl(world.claudeDirs.withoutBig)).toHaveLength(world.transcripts.count);
    expect(filesUnder(world.claudeDirs.none)).toEqual([]);
    const bytes = filesUnder(path.join(world.claudeDirs.full, 'projects')).reduce((sum, f) => sum + fs.statSync(f).size, 0);
    expect(bytes).toBe(world.transcripts.bytes);

    const big = full.map((f) => fs.statSync(f)).filter((s) => s.size === world.transcripts.bigBytes);
    expect(big).toHaveLength(1);
    // Not sparse: a sparse file would make the copy artificially cheap.
    expect(big[0]!.blocks * 512).toBeGreaterThanOrEqual(world.transcripts.bigBytes);
    const withoutBigMax = Math.max(...jsonl(world.claudeDirs.withoutBig).map((f) => fs.statSync(f).size));
    expect(withoutBigMax).toBeLessThan(world.transcripts.bigBytes);
  });

  it('expects exactly what a real migration of it does', async () => {
    const dataDir = path.join(root, 'run', 'data');
    fs.mkdirSync(dataDir, { recursive: true });
    fs.copyFileSync(world.templateDb, path.join(dataDir, 'ao.db'));
    const savedHome = process.env['HOME'];
    // The registry says `~/code/…`: the generated home is the user's home here.
    process.env['HOME'] = world.home;
    try {
      const report = await migrate({
        legacyRoot: world.legacyRoot,
        globalConfigPath: world.registryPath,
        dataDir,
        claudeDir: world.claudeDirs.full,
        runFile: path.join(root, 'run', 'running.json'),
        backup: false,
      });
      expect(report.counts.projects.created).toBe(world.expected.projectsCreated);
      expect(report.sessions).toHaveLength(world.expected.sessionsRead);
      expect(report.counts.sessions).toMatchObject({ created: world.expected.sessionsCreated, skipped: world.expected.sessionsSkipped });
      expect(report.counts.transcripts).toMatchObject({
        created: world.expected.transcriptsCreated,
        skipped: world.expected.transcriptsSkipped,
      });
      expect(report.sessions.find((s) => s.id === world.transcripts.bigSessionId)).toMatchObject({ kind: 'orchestrator', status: 'created' });
    } finally {
      if (savedHome === undefined) delete process.env['HOME'];
      else process.env['HOME'] = savedHome;
    }
  });
});
