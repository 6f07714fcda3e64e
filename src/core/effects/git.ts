import { execFileSync } from 'node:child_process';

/** The git effects the migration uses; read-only. Passed in for tests. */
export interface Git {
  /** `git -C <repo> remote get-url origin`, or `undefined` when it fails. */
  remoteOriginUrl(repoPath: string): string | undefined;
}

/** Runs the real `git` with a short timeout; a slow or missing git is "no answer". */
export const nodeGit: Git = {
  remoteOriginUrl(repoPath) {
    try {
      const out = execFileSync('git', ['-C', repoPath, 'remote', 'get-url', 'origin'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        timeout: 3000,
      });
      const url = out.trim();
      return url === '' ? undefined : url;
    } catch {
      return undefined;
    }
  },
};
