import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { managedWorktreePath } from '../../src/core/database/managed-worktree-path.js';

describe('managedWorktreePath', () => {
  it('is rewrite-v12 §6 exactly as path.join gives it, for plain ids and for any that need normalising', () => {
    const dataDirs = ['/home/u/.ao/data', '/home/u/.ao/data/', '/', '/a/./b/../data'];
    const ids = ['app', 'app-12', 'a.b_c', '.', '..', 'x/../../y', 'with space', ''];
    for (const dataDir of dataDirs) {
      for (const projectId of ids) {
        for (const sessionId of ids) {
          expect(managedWorktreePath(dataDir, projectId, sessionId, 'worker', 'pre')).toBe(path.join(dataDir, 'worktrees', projectId, sessionId));
          expect(managedWorktreePath(dataDir, projectId, sessionId, 'orchestrator', sessionId)).toBe(
            path.join(dataDir, 'worktrees', projectId, 'orchestrator', `${sessionId}-orchestrator`),
          );
        }
      }
    }
  });
});
