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
