import * as path from 'node:path';
import { nodeFileSystem } from '../effects/fs.js';
import { resolveExistingAncestor } from '../effects/resolve-existing-ancestor.js';
import { MigrationRefusedError } from '../errors.js';

/**
 * Refuses a data dir that is the legacy store's rather than the rewrite's.
 * A legacy agent terminal exports `AO_DATA_DIR=<root>/projects/<id>/sessions`
 * (legacy-store §1); followed blindly, it would make us write a backup into
 * the legacy store and tell the user to "start the rewrite" there. Checked
 * for every data dir, not only one read from `AO_DATA_DIR`, because callers
 * pass the resolved dir explicitly and a dir inside the store is never right.
 */
export function refuseSuspiciousDataDir(
  dataDir: string,
  legacyRoot: string,
  env: Record<string, string | undefined>,
): void {
  const problem = insideLegacyStore(dataDir, legacyRoot)
    ? `inside the legacy store ${legacyRoot}`
    : looksLikeLegacySessionsDir(dataDir)
      ? 'a legacy sessions directory (…/projects/<id>/sessions)'
      : undefined;
  if (problem === undefined) return;
  const envDir = env['AO_DATA_DIR'];
  const fromEnv = envDir !== undefined && envDir !== '' && path.resolve(envDir) === path.resolve(dataDir);
  throw new MigrationRefusedError(
    'DATA_DIR_SUSPICIOUS',
    fromEnv
      ? `AO_DATA_DIR is set to ${dataDir}, which is ${problem}, not the rewrite's data dir ` +
          '(a legacy agent terminal sets it for its own use): unset AO_DATA_DIR, or set it to the ' +
          "rewrite's data dir (default ~/.ao/data), then run again."
      : `The data dir ${dataDir} is ${problem}, not the rewrite's data dir: ` +
          "pass the rewrite's data dir (default ~/.ao/data), then run again.",
  );
}

/** Whether `dir` is the legacy store or inside it, as written (`..` resolved) or through symlinks. */
export function insideLegacyStore(dir: string, legacyRoot: string): boolean {
  const literal = isSameOrInside(path.resolve(dir), path.resolve(legacyRoot));
  // Symlinks can hide the store behind another name; compare real paths too.
  const real = isSameOrInside(
    resolveExistingAncestor(nodeFileSystem, dir),
    resolveExistingAncestor(nodeFileSystem, legacyRoot),
  );
  return literal || real;
}

export function isSameOrInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (relative.split(path.sep)[0] !== '..' && !path.isAbsolute(relative));
}

/** `<root>/projects/<id>/sessions`, or an older `<root>/<12 hex>[-name]/sessions` (legacy-store §1). */
function looksLikeLegacySessionsDir(dataDir: string): boolean {
  const parts = path.resolve(dataDir).split(path.sep);
  const [grandparent, parent, last] = parts.slice(-3);
  if (last !== 'sessions' || parent === undefined) return false;
  return grandparent === 'projects' || /^[0-9a-f]{12}(-.+)?$/.test(parent);
}
