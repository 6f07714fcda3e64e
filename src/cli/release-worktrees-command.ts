import { defineCommand } from './command-line/command.js';
import { type Flags, listFlag, switchFlag } from './command-line/flags.js';
import { JSON_FLAG, locationFlags } from './location-flags.js';

const FLAGS = {
  session: listFlag('<id>', 'Only this session; default: every session whose legacy worktree blocks its restore'),
  yes: switchFlag('Act: detach HEAD in each clean blocking worktree (without it: only show what would happen)'),
  json: JSON_FLAG,
  // Reads the legacy store only: no database, run file or Claude dir.
  ...locationFlags('legacyRoot', 'config'),
};

export type ReleaseFlags = Flags<typeof FLAGS>;

export const releaseWorktreesCommand = defineCommand({
  name: 'release-worktrees',
  summary: 'Free the branches legacy worktrees still hold (git checkout --detach), so restores can check them out',
  flags: FLAGS,
  examples: ['ao-migrate release-worktrees                 # what would be freed', 'ao-migrate release-worktrees --session ma-1 --yes'],
  async run(flags) {
    const { runReleaseWorktrees } = await import('./run-release-worktrees.js');
    await runReleaseWorktrees(flags);
  },
});
