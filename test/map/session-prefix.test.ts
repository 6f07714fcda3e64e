import { describe, expect, it } from 'vitest';
import { deriveSessionPrefix } from '../../src/core/map/session-prefix.js';

describe('deriveSessionPrefix (legacy rule, from the basename of the path)', () => {
  it.each([
    ['/code/Api', 'api'], // at most 4 chars: lowercased, even with capitals
    ['/code/my-x', 'my-x'], // at most 4 chars wins over the '-' rule
    ['/code/PyTorch', 'pt'], // several capitals: the capitals
    ['/code/My-App', 'ma'], // several capitals win over the '-' rule
    ['/code/agent-orchestrator', 'ao'],
    ['/code/my_cool_app', 'mca'],
    ['/code/my-cool_app', 'mc'], // '-' is the separator when both occur
    ['/code/integrator', 'int'],
    ['/code/Integrator', 'int'], // a single capital is not CamelCase
  ])('%s → %s', (path, prefix) => {
    expect(deriveSessionPrefix(path)).toBe(prefix);
  });

  it('uses the basename, not the whole path or a trailing slash', () => {
    expect(deriveSessionPrefix('/home/dev/agent-orchestrator/')).toBe('ao');
  });

  it('takes the basename of a Windows path', () => {
    expect(deriveSessionPrefix('C:\\Users\\dev\\agent-orchestrator')).toBe('ao');
  });
});
