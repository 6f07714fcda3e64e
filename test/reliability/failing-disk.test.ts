import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FileSystem } from '../../src/core/effects/fs.js';
import { nodeFileSystem } from '../../src/core/effects/fs.js';
import { migrate } from '../../src/node-api/migrate.js';
import { readMigratedTables } from '../../src/testing/rewrite-database.js';
import { buildLargeWorld, integrityCheck, listFiles, TEMP_COPY_NAME, type LargeWorld } from './large-world.js';

/**
 * Issue 6, a failing disk: a write error while copying a transcript fails that
 * transcript only; a write error inside the database transaction leaves the
 * database as it was, with a clear message. Either way a re-run completes.
 */

let world: LargeWorld | undefined;
afterEach(() => world?.cleanup());

function runIn(w: LargeWorld, fsEffects: FileSystem = nodeFileSystem) {
  return migrate({
    legacyRoot: w.store.root,
    globalConfigPath: w.store.registryPath,
    dataDir: w.dataDir,
    claudeDir: w.claudeDir,
    runFile: path.join(w.home, '.ao', 'running.json'),
    backup: false,
    fs: fsEffects,
  });
}

function noSpace(syscall: string, file: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`ENOSPC: no space left on device, ${syscall} '${file}'`), { code: 'ENOSPC', syscall });
}

describe('a write error while copying a transcript', () => {
  it.each(['copyFileSync', 'renameSync'] as const)('in %s: that transcript fails, the rest migrates, a re-run completes', async (failing) => {
    const w = (world = buildLargeWorld({ projects: 2, sessionsPerProject: 6, claudeEvery: 2, transcriptBytes: 16 * 1024 }));
    const victim = [...w.sourceTranscripts.keys()][1] as string;
    const victimUuid = path.basename(w.sourceTranscripts.get(victim) as string);
    const failingFs: FileSystem = {
      ...nodeFileSystem,
      copyFileSync(src, dest, mode) {
        if (failing === 'copyFileSync' && dest.includes(victimUuid)) throw noSpace('copyfile', dest);
        fs.copyFileSync(src, dest, mode);
      },
      renameSync(from, to) {
        if (failing === 'renameSync' && to.endsWith(victimUuid)) throw noSpace('rename', to);
        fs.renameSync(from, to);
      },
    };

    const report = await runIn(w, failingFs);
    const transcripts = new Map(report.transcripts.map((t) => [t.sessionId, t]));
    const failed = transcripts.get(victim);
    expect(failed?.status).toBe('failed');
    expect(failed?.reason).toContain('ENOSPC');
    expect(failed?.reason).toContain(failed?.destination);
    expect(fs.existsSync(failed?.destination ?? ''), 'nothing under the final name').toBe(false);
    expect(listFiles(path.dirname(failed?.destination ?? '')).filter((f) => TEMP_COPY_NAME.test(path.basename(f))), 'no temp left').toEqual([]);
    for (const [id, transcript] of transcripts) if (id !== victim) expect(transcript.status, id).toBe('created');
    const victimSession = report.sessions.find((s) => s.id === victim);
    expect(victimSession).toMatchObject({ status: 'created', resumable: false });
    expect(victimSession?.resumeBlockers.join('\n')).toContain('Claude transcript is not at the destination (failed');

    expect(integrityCheck(w.dbPath)).toBe('ok');
    expect(readMigratedTables(w.dbPath).sessions).toHaveLength(w.sessionIds.length);

    const rerun = await runIn(w);
    const after = new Map(rerun.transcripts.map((t) => [t.sessionId, t]));
    expect(after.get(victim)?.status).toBe('created');
    expect(fs.readFileSync(after.get(victim)?.destination ?? '').equals(fs.readFileSync(w.sourceTranscripts.get(victim) as string))).toBe(true);
    for (const [id, transcript] of after) if (id !== victim) expect(transcript.status, id).toBe('already-present');
    expect(rerun.counts.sessions['already-present']).toBe(w.sessionIds.length);
    const transcriptBlocker = (blockers: string[] | undefined) => (blockers ?? []).some((b) => b.includes('Claude transcript'));
    expect(transcriptBlocker(rerun.sessions.find((s) => s.id === victim)?.resumeBlockers)).toBe(false);
  });
});

describe('a write error inside the database transaction', () => {
  it('exits 1 with a clear message, leaves ao.db byte-for-byte as it was, and a re-run completes', async () => {
    // Many rows with long prompts: the transaction's WAL outgrows the file-size limit, ao.db (212 KiB, v23) does not.
    const w = (world = buildLargeWorld({ projects: 4, sessionsPerProject: 100, claudeEvery: Number.MAX_SAFE_INTEGER, transcriptBytes: 0, promptBytes: 1000 }));
    const before = fs.readFileSync(w.dbPath);
    expect(before.length).toBeLessThan(256 * 1024);

    // RLIMIT_FSIZE: a write past 256 KiB in any file fails with EFBIG (node ignores SIGXFSZ), as on a full disk.
    const limited = await w.spawnCli(['--json', '--no-backup'], { wrap: ['prlimit', '--fsize=262144'] });
    expect(limited.stderr).not.toMatch(/^\s+at /m);
    expect(limited.status, limited.stderr).toBe(1);
    const report = JSON.parse(limited.stdout);
    expect(report.counts.sessions.failed).toBe(w.sessionIds.length);
    expect(report.counts.projects.failed).toBe(w.projectIds.length);
    for (const session of report.sessions) {
      expect(session.reason).toMatch(/^rolled back: the database could not be written \(.+\); a re-run completes the migration$/);
    }
    expect(fs.readFileSync(w.dbPath).equals(before), 'ao.db byte-for-byte as before').toBe(true);
    expect(fs.readdirSync(w.dataDir).filter((name) => name !== 'ao.db-wal' && name !== 'ao.db-shm')).toEqual(['ao.db']);

    const human = await w.spawnCli(['--no-backup'], { wrap: ['prlimit', '--fsize=262144'] });
    expect(human.status).toBe(1);
    expect(human.stdout + human.stderr).toContain('the database could not be written');
    expect(human.stderr).not.toMatch(/^\s+at |unexpected error/m);

    const rerun = w.runCli(['--json', '--no-backup']);
    expect(rerun.status, rerun.stderr).toBe(0);
    expect(JSON.parse(rerun.stdout).counts.sessions.created).toBe(w.sessionIds.length);
    expect(integrityCheck(w.dbPath)).toBe('ok');
    expect(readMigratedTables(w.dbPath).sessions).toHaveLength(w.sessionIds.length);
  });
});

describe('a write error while backing up the database', () => {
  it('refuses with BACKUP_FAILED, leaves no incomplete backup under the backup name, and ao.db as it was', async () => {
    const w = (world = buildLargeWorld({ projects: 1, sessionsPerProject: 3, claudeEvery: Number.MAX_SAFE_INTEGER, transcriptBytes: 0 }));
    const before = fs.readFileSync(w.dbPath);
    // Below the size of ao.db: the backup copy cannot be completed.
    const limit = Math.floor(before.length / 2);
    const run = await w.spawnCli(['--json'], { wrap: ['prlimit', `--fsize=${limit}`] });
    expect(run.status).toBe(2);
    expect(JSON.parse(run.stdout).refusal).toMatchObject({ code: 'BACKUP_FAILED', message: expect.stringContaining('--no-backup') });
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(fs.readdirSync(w.dataDir).filter((name) => name.startsWith('ao.db.pre-migrate-'))).toEqual([]);
    expect(fs.readFileSync(w.dbPath).equals(before)).toBe(true);
    expect(readMigratedTables(w.dbPath).sessions).toEqual([]);
  });
});
