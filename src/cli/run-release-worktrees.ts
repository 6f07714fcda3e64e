import { releaseWorktrees } from '../node-api/release-worktrees.js';
import { EXIT } from './exit-codes.js';
import { locationOptions } from './location-flags.js';
import type { ReleaseFlags } from './release-worktrees-command.js';
import { renderRelease } from './render-release.js';
import { styleFor } from './style.js';

/** `ao-migrate release-worktrees`: the action, loaded only when the command runs (`--help` must not pay for zod, yaml and the core). */
export async function runReleaseWorktrees(flags: ReleaseFlags): Promise<void> {
  const report = await releaseWorktrees({
    dryRun: !flags.yes,
    ...(flags.session.length === 0 ? {} : { sessionIds: flags.session }),
    ...locationOptions(flags),
  });
  if (flags.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else process.stdout.write(renderRelease(report, styleFor(process.stdout)));
  const problems = report.worktrees.some((w) => w.status === 'refused' || w.status === 'failed');
  process.exitCode = problems ? EXIT.itemProblems : EXIT.ok;
}
