import { describe, expect, it } from 'vitest';
import { mapPermission } from '../../src/core/map/permissions.js';

describe('mapPermission', () => {
  it.each([
    ['permissionless', 'bypass-permissions'],
    ['skip', 'bypass-permissions'],
    ['auto-edit', 'accept-edits'],
    ['default', 'default'],
  ])('%s → %s without a note', (legacy, rewrite) => {
    expect(mapPermission(legacy, 'agentConfig')).toEqual({ permission: rewrite });
  });

  it("maps 'suggest' to 'default' with a lossy note", () => {
    const mapped = mapPermission('suggest', 'worker.agentConfig');
    expect(mapped.permission).toBe('default');
    expect(mapped.note).toContain('worker.agentConfig');
    expect(mapped.note).toContain('lossy');
  });

  it('drops an unknown value with a note naming it', () => {
    const mapped = mapPermission('yolo', 'agentConfig');
    expect(mapped.permission).toBeUndefined();
    expect(mapped.note).toContain("'yolo'");
  });
});
