import type { Command } from './command-line/command.js';
import { demoCommand } from './demo-command.js';
import { migrateCommand } from './migrate-command.js';
import { releaseWorktreesCommand } from './release-worktrees-command.js';
import { statusCommand } from './status-command.js';
import { undoCommand } from './undo-command.js';

/** Every subcommand, in the order `--help` lists them. */
export const COMMANDS: readonly Command[] = [migrateCommand, statusCommand, undoCommand, releaseWorktreesCommand, demoCommand];
