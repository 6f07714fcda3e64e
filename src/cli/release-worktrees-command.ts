import type { CAC } from 'cac';
import { type LocationFlags, withLocationFlags } from './location-flags.js';

export interface ReleaseFlags extends LocationFlags {
  session?: string | string[];
  yes?: boolean;
  json?: boolean;
}

export function registerReleaseWorktreesCommand(cli: CAC): void {
  const command = cli
    .command('release-worktrees', 'Free the branches legacy worktrees still hold (git checkout --detach), so restores can check them out')
    .option('--session <id>', 'Only this session (repeatable); default: every session whose legacy worktree blocks its restore')
    .option('--yes', 'Act: detach HEAD in each clean blocking worktree (without it: only show what would happen)')
    .option('--json', 'Print one JSON object (reportVersion 1) on stdout and nothing else there');
  withLocationFlags(command, ['legacyRoot', 'config'])
    .example('ao-migrate release-worktrees                 # what would be freed')
    .example('ao-migrate release-worktrees --session ma-1 --yes')
    .action(async (flags: ReleaseFlags) => {
      const { runReleaseWorktrees } = await import('./run-release-worktrees.js');
      await runReleaseWorktrees(flags);
    });
}
