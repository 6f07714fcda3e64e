import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI, makeWorld, writeStandardStore, type World } from './world.js';

// `script` runs the CLI on a pseudo-terminal, as a user's shell would.
const hasScript = spawnSync('script', ['--version']).status === 0;

let world: World;
beforeEach(() => {
  world = makeWorld();
  writeStandardStore(world);
});
afterEach(() => world.cleanup());

function runOnTerminal(env: NodeJS.ProcessEnv): string {
  const result = spawnSync('script', ['-qec', `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)}`, '/dev/null'], {
    env: { PATH: process.env.PATH, HOME: world.home, TERM: 'xterm', ...env },
    encoding: 'utf8',
  });
  expect(result.status).toBe(0);
  return result.stdout;
}

describe.skipIf(!hasScript)('on a terminal', () => {
  it('shows transcript-copy progress and colours the summary', () => {
    const screen = runOnTerminal({});
    expect(screen).toContain('copying Claude transcripts 2/2');
    expect(screen).toMatch(/\u001b\[32m/);
    expect(screen).toContain('ao session restore ma-1');
  });

  it('never colours with NO_COLOR', () => {
    const screen = runOnTerminal({ NO_COLOR: '1' });
    expect(screen).not.toMatch(/\u001b\[3\dm/);
  });
});
