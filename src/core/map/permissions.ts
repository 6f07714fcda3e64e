import type { RewritePermission } from './rows.js';

export interface PermissionMapping {
  /** Absent when the legacy value has no rewrite equivalent (then `note` says so). */
  permission?: RewritePermission;
  note?: string;
}

/**
 * Legacy `agentConfig.permissions` → the rewrite's value (migration-rules §6).
 * `skip` is the old alias of `permissionless`; `suggest` has no rewrite
 * equivalent and becomes the stricter `default`.
 */
export function mapPermission(legacy: string, where: string): PermissionMapping {
  switch (legacy) {
    case 'permissionless':
    case 'skip':
      return { permission: 'bypass-permissions' };
    case 'auto-edit':
      return { permission: 'accept-edits' };
    case 'default':
      return { permission: 'default' };
    case 'suggest':
      return {
        permission: 'default',
        note: `${where}: permissions 'suggest' has no rewrite equivalent; mapped to 'default' (lossy).`,
      };
    default:
      return { note: `${where}: unknown permissions value '${legacy}' dropped.` };
  }
}

/**
 * The permission of a role that runs codex (rewrite-today §4): the rewrite
 * runs codex with `default`, or no permission at all, as
 * `--dangerously-bypass-approvals-and-sandbox`, while the legacy codex plugin
 * kept codex's sandbox and approvals unless told otherwise. So only the
 * legacy `permissionless` keeps its bypass; everything stricter becomes
 * `accept-edits` (codex asks for approval on request), never more than the
 * legacy allowed.
 */
export function mapCodexRolePermission(legacy: string | undefined, role: 'worker' | 'orchestrator'): PermissionMapping {
  if (legacy === 'permissionless' || legacy === 'skip') return { permission: 'bypass-permissions' };
  const was = legacy === undefined ? 'no permission setting' : `permissions '${legacy}'`;
  return {
    permission: 'accept-edits',
    note:
      `${role} runs codex with ${was} in the legacy tool, which kept codex's sandbox and approvals; the rewrite runs codex with ` +
      `'default' (or no permission) without sandbox or approvals, so ${role}.agentConfig.permissions is 'accept-edits' (approval on request).`,
  };
}
