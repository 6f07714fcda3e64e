import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { claudeConfigDir } from '../../src/core/claude/config-dir.js';

describe('claudeConfigDir', () => {
  it('uses $CLAUDE_CONFIG_DIR when it is set', () => {
    expect(claudeConfigDir({ CLAUDE_CONFIG_DIR: '/opt/claude' }, '/home/ann')).toBe('/opt/claude');
  });

  it('falls back to ~/.claude when the variable is missing or empty', () => {
    expect(claudeConfigDir({}, '/home/ann')).toBe(path.join('/home/ann', '.claude'));
    expect(claudeConfigDir({ CLAUDE_CONFIG_DIR: '' }, '/home/ann')).toBe(path.join('/home/ann', '.claude'));
  });
});
