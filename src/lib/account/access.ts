import type { TeamMember } from '../wix/team.js';
import type { WixRole } from '../wix/roles.js';
import { roleNameResolver } from './team.js';

export interface AccessSite {
  id: string;
  /** Null when the site is not in the site index (deleted, or the index is incomplete). */
  name: string | null;
}

/** One role of a member and where it applies. */
export interface RoleAccess {
  roleName: string;
  roleId: string | null;
  /** True when the role applies to the whole account and so to every site. */
  accountWide: boolean;
  sites: AccessSite[];
}

/**
 * Groups a member's assignments by role: each role once, with the whole account or the sites it
 * applies to (by name where the site index has them, sorted by name).
 */
export function memberAccess(member: TeamMember, roles: WixRole[], siteName: (siteId: string) => string | null): RoleAccess[] {
  const roleName = roleNameResolver(roles);
  const byRole = new Map<string, RoleAccess>();
  for (const assignment of member.assignments) {
    const name = roleName(assignment.roleId, assignment.roleName);
    const key = assignment.roleId ?? name;
    let entry = byRole.get(key);
    if (!entry) {
      entry = { roleName: name, roleId: assignment.roleId, accountWide: false, sites: [] };
      byRole.set(key, entry);
    }
    if (assignment.siteId === null) entry.accountWide = true;
    else if (!entry.sites.some((site) => site.id === assignment.siteId)) entry.sites.push({ id: assignment.siteId, name: siteName(assignment.siteId) });
  }
  const result = [...byRole.values()];
  for (const entry of result) entry.sites.sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id));
  return result.sort((a, b) => a.roleName.localeCompare(b.roleName));
}
