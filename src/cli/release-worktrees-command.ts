import type { CAC } from 'cac';
import { releaseWorktrees } from '../node-api/release-worktrees.js';
import { EXIT } from './exit-codes.js';
import { type LocationFlags, locationOptions, withLocationFlags } from './location-flags.js';
import { renderRelease } from './render-release.js';
import { colourWanted, createStyle } from './style.js';

interface ReleaseFlags extends LocationFlags {
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
      const { legacyRoot, globalConfigPath } = locationOptions(flags);
      const sessionIds = flags.session === undefined ? undefined : [flags.session].flat().map(String);
      const report = await releaseWorktrees({
        dryRun: !(flags.yes ?? false),
        ...(sessionIds === undefined ? {} : { sessionIds }),
        ...(legacyRoot === undefined ? {} : { legacyRoot }),
        ...(globalConfigPath === undefined ? {} : { globalConfigPath }),
      });
      if (flags.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
      else process.stdout.write(renderRelease(report, createStyle(colourWanted(process.stdout, process.env))));
      const problems = report.worktrees.some((w) => w.status === 'refused' || w.status === 'failed');
      process.exitCode = problems ? EXIT.itemProblems : EXIT.ok;
    });
}
