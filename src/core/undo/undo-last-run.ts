import * as os from 'node:os';
import * as path from 'node:path';
import { claudeConfigDir } from '../claude/config-dir.js';
import { refuseSuspiciousClaudeDir } from '../claude/refuse-suspicious-claude-dir.js';
import { systemClock } from '../effects/clock.js';
import { type FileSystem, nodeFileSystem } from '../effects/fs.js';
import { MigrationRefusedError } from '../errors.js';
import { ledgerPath, readLedger, writeLedger } from '../ledger/ledger-file.js';
import type { Ledger } from '../ledger/ledger-schema.js';
import type { Note } from '../note.js';
import { backupDatabase } from '../database/backup-database.js';
import { openTargetDatabase, sqliteCode } from '../database/open-target-database.js';
import type { SqliteDatabase } from '../database/sqlite-driver.js';
import type { TargetOptions } from '../database/target-options.js';
import { inMemoryCopy } from './in-memory-copy.js';
import { removeRunFiles } from './remove-files.js';
import { removeRunRows } from './remove-rows.js';
import { countUndoStatuses, type UndoFileItem, type UndoReport } from './types.js';
import { undoCodexCopies } from '../agent-directory/codex/undo-codex-copies.js';
import { undoOpencodeDirectories } from '../agent-directory/opencode/undo-opencode-directories.js';
import type { LedgerRun } from '../ledger/ledger-schema.js';

export interface UndoRunOptions extends TargetOptions {
  /** Claude Code's config dir: only transcript files under its `projects/` are removed. Default `$CLAUDE_CONFIG_DIR`, else `~/.claude`. */
  claudeDir?: string;
  /** Remove items the rewrite has changed since the run, too. Default false. */
  force?: boolean;
  /** Copy the database to `ao.db.pre-undo-<time>` first. Default true. */
  backup?: boolean;
  /** Report what the undo would do, reading only: no backup, no removal, no ledger change. Default false. */
  dryRun?: boolean;
  fs?: FileSystem;
}

/**
 * Undoes the most recent ledger run not yet undone: the migration's
 * preconditions (refusals), a backup, one transaction removing its rows,
 * then its copied files. The run is marked undone only when nothing of it
 * was kept, so a later `--force` can finish it. A dry run opens the
 * database as the migration's dry run does (leaving no trace) and removes
 * the rows from an in-memory copy instead, so it reports what a real undo
 * run now would.
 */
export async function undoLastRun(legacyRoot: string, options: UndoRunOptions = {}): Promise<UndoReport> {
  const fs = options.fs ?? nodeFileSystem;
  const now = (options.now ?? systemClock)();
  const force = options.force ?? false;
  const dryRun = options.dryRun ?? false;
  const claudeDir = options.claudeDir ?? claudeConfigDir(options.env ?? process.env, options.homeDir ?? os.homedir());
  refuseSuspiciousClaudeDir(claudeDir, options.legacyRoot ?? legacyRoot, options.env ?? process.env);
  const target = await openTargetDatabase(legacyRoot, options, dryRun ? 'inspect' : 'write');
  const { dbPath } = target.paths;
  const file = ledgerPath(path.dirname(dbPath));
  let ledger: Ledger;
  let index: number;
  let backupPath: string | null = null;
  let rows: ReturnType<typeof removeRunRows>;
  try {
    ledger = readUndoableLedger(fs, file);
    index = ledger.runs.findLastIndex((run) => run.undoneAt === undefined);
    const run = ledger.runs[index];
    if (run === undefined) {
      throw new MigrationRefusedError('NO_LEDGER', `Every run recorded in ${file} is undone already; there is nothing left to undo.`);
    }
    if (dryRun) {
      rows = rehearse(target.db, (copy) => removeRunRows(copy, run, force));
    } else {
      backupPath = options.backup === false ? null : backupDatabase(target.db, dbPath, now, 'pre-undo');
      // Has no effect inside a transaction, so before it.
      target.db.pragma('foreign_keys = ON');
      rows = inOneTransaction(target.db, dbPath, () => removeRunRows(target.db, run, force));
    }
  } finally {
    target.close();
  }

  const run = ledger.runs[index]!;
  const kept = new Set(rows.sessions.filter((s) => s.status === 'refused' || s.status === 'failed').map((s) => s.id));
  const transcripts = removeRunFiles(fs, run, kept, { force, dryRun, claudeDir });
  const agentDirectories = undoAgentDirectories(run, kept, { force, dryRun, fs });

  const notes: Note[] = [...target.notes];
  const everything = [...rows.projects, ...rows.sessions, ...transcripts, ...agentDirectories];
  if (!dryRun && everything.every((item) => item.status === 'removed' || item.status === 'already-gone')) {
    try {
      writeLedger(fs, file, { ...ledger, runs: ledger.runs.map((r, i) => (i === index ? { ...r, undoneAt: now.toISOString() } : r)) });
    } catch (error) {
      notes.push({
        scope: 'store',
        id: file,
        message: `The ledger could not be updated (${error instanceof Error ? error.message : String(error)}): a later undo finds this run's items already gone.`,
      });
    }
  }

  return {
    reportVersion: 1,
    dryRun,
    target: { dbPath, schemaVersion: target.schema.version, release: target.schema.release, backupPath },
    ledgerPath: file,
    run: { runAt: run.runAt, backupPath: run.backupPath },
    projects: rows.projects,
    sessions: rows.sessions,
    transcripts,
    agentDirectories,
    counts: {
      projects: countUndoStatuses(rows.projects),
      sessions: countUndoStatuses(rows.sessions),
      transcripts: countUndoStatuses(transcripts),
      agentDirectories: countUndoStatuses(agentDirectories),
    },
    notes,
  };
}

/**
 * Takes back what the run changed in codex's and opencode's stores (see
 * `agent-directory/`); what belongs to a session whose row stays is kept
 * with it.
 */
function undoAgentDirectories(
  run: LedgerRun,
  kept: ReadonlySet<string>,
  options: { force: boolean; dryRun: boolean; fs: FileSystem },
): UndoFileItem[] {
  const records = run.agentDirectories ?? { codex: [], opencode: [] };
  const keptWithRow = [...records.codex.map((r) => ({ id: r.copyThreadId, sessionId: r.sessionId })), ...records.opencode.map((r) => ({ id: r.path, sessionId: r.sessionId }))]
    .filter((record) => kept.has(record.sessionId))
    .map((record): UndoFileItem => ({ ...record, status: 'refused', reason: `its session ${record.sessionId} stays in the database, and the agent's record stays with it` }));
  return [
    ...undoCodexCopies(records.codex.filter((r) => !kept.has(r.sessionId)), options),
    ...undoOpencodeDirectories(records.opencode.filter((r) => !kept.has(r.sessionId)), options),
    ...keptWithRow,
  ];
}

/** Runs `work` against an in-memory copy of `db`, with foreign keys on as in the real undo, then drops the copy. */
function rehearse<T>(db: SqliteDatabase, work: (copy: SqliteDatabase) => T): T {
  const copy = inMemoryCopy(db);
  try {
    copy.pragma('foreign_keys = ON');
    return work(copy);
  } finally {
    copy.close();
  }
}

function readUndoableLedger(fs: FileSystem, file: string): Ledger {
  const read = readLedger(fs, file);
  if (read.kind === 'absent') {
    throw new MigrationRefusedError(
      'NO_LEDGER',
      `There is no ledger at ${file}, so there is no migration run to undo (only real runs that inserted or copied something write one). ` +
        'To go back to an earlier database, restore one of its backups (ao.db.pre-migrate-<time>) with the daemon stopped.',
    );
  }
  if (read.kind === 'unreadable') {
    throw new MigrationRefusedError(
      'LEDGER_UNREADABLE',
      `The ledger ${file} cannot be read (${read.reason}); it was left as it is. To go back, restore the backup taken before the run ` +
        '(ao.db.pre-migrate-<time> beside ao.db) with the daemon stopped.',
    );
  }
  return read.ledger;
}

function inOneTransaction<T>(db: SqliteDatabase, dbPath: string, work: () => T): T {
  try {
    // IMMEDIATE: take the write lock before reading, so what we compare against cannot change under us.
    return db.transaction(work).immediate();
  } catch (error) {
    if (sqliteCode(error) === 'SQLITE_BUSY') {
      throw new MigrationRefusedError(
        'DB_IN_USE',
        `Another process opened the rewrite's database ${dbPath} while the undo was starting: stop it (\`ao stop\` for the daemon), then run again.`,
      );
    }
    throw error;
  }
}
