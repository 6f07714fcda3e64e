import { releaseWorktrees } from '../node-api/release-worktrees.js';
import { EXIT } from './exit-codes.js';
import { locationOptions } from './location-flags.js';
import type { ReleaseFlags } from './release-worktrees-command.js';
import { renderRelease } from './render-release.js';
import { colourWanted, createStyle } from './style.js';

/** `ao-migrate release-worktrees`: the action, loaded only when the command runs (`--help` must not pay for zod, yaml and the core). */
export async function runReleaseWorktrees(flags: ReleaseFlags): Promise<void> {
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
}

