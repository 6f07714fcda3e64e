import type { Clock } from '../core/effects/clock.js';
import type { FileSystem } from '../core/effects/fs.js';
import type { Git } from '../core/effects/git.js';
import type { Note } from '../core/note.js';
import type { ImportMode } from '../core/plan/types.js';
import type { ProgressListener } from '../core/progress.js';

/** Options of `migrate()`; every one is optional and defaults per the spec. */
export interface MigrateOptions {
  /** Legacy data root. Default `~/.agent-orchestrator`. */
  legacyRoot?: string;
  /**
   * The legacy registries (config files) to read, one or several; then only
   * these. Default: every one any legacy release used: `$AO_GLOBAL_CONFIG`,
   * else `$XDG_CONFIG_HOME/agent-orchestrator/config.yaml`, else
   * `<legacyRoot>/config.yaml`; `$AO_CONFIG_PATH`; `~/.agent-orchestrator.yaml`
   * and `.yml`; `~/.config/agent-orchestrator/config.yaml`; and the one each
   * store dir's `.origin` names.
   */
  globalConfigPath?: string | readonly string[];
  /** The rewrite's data dir (holds `ao.db`). Default `$AO_DATA_DIR`, else `~/.ao/data`. */
  dataDir?: string;
  /** Claude Code's config dir. Default `$CLAUDE_CONFIG_DIR`, else `~/.claude`. */
  claudeDir?: string;
  /** The rewrite daemon's run file. Default `$AO_RUN_FILE`, else `~/.ao/running.json`. */
  runFile?: string;
  /** Check everything and report what would happen; write nothing anywhere. */
  dryRun?: boolean;
  /** `restorable` (default): sessions resume with `ao session restore`. `live`: rows look running. */
  mode?: ImportMode;
  /** Copy the database to `ao.db.pre-migrate-<time>` before writing. Default true. */
  backup?: boolean;
  /**
   * Migrate even while legacy agents (or the legacy tool) still run, instead
   * of refusing with `LEGACY_RUNNING`; their sessions are reported not
   * resumable until a re-run after they stopped. Default false.
   */
  allowRunningLegacy?: boolean;
  /** Called as the run goes (read, plan, preconditions, transcripts, agents, database, done). */
  onProgress?: ProgressListener;
  /**
   * Called with each note as the run comes upon it, once per note; by the
   * end, with exactly the report's `notes` (a refusal ends it earlier).
   */
  onNote?: (note: Note) => void;
  /** Checked between steps; an abort before the transaction commits leaves the database untouched. */
  signal?: AbortSignal;
  /** File-system effects (tests). Default: the real `fs`. */
  fs?: FileSystem;
  /** Git effects (tests). Default: the real `git`. */
  git?: Git;
  /** The clock (tests). Default: the system clock. */
  now?: Clock;
}
