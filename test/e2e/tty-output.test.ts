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

function runOnTerminal(env: NodeJS.ProcessEnv, args: string[] = []): string {
  const command = [process.execPath, CLI, ...args].map((word) => JSON.stringify(word)).join(' ');
  const result = spawnSync('script', ['-qec', command, '/dev/null'], {
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

  it('says what a dry run does with the transcripts: checking, not copying', () => {
    const screen = runOnTerminal({}, ['--dry-run']);
    expect(screen).toContain('checking Claude transcripts 2/2');
    expect(screen).not.toContain('copying');
  });

  it.each([[{ NO_COLOR: '1' }], [{ TERM: 'dumb' }]])('writes no escape code at all with %j: no colour, no progress line', (env) => {
    const screen = runOnTerminal(env);
    expect(screen).toContain('ao session restore ma-1');
    expect(screen).not.toContain('\u001b');
    expect(screen).not.toContain('Claude transcripts 2/2');
  });
});
