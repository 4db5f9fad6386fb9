import { AmbiguousError, NotFoundError } from '../errors.js';
import type { TeamInvite, TeamMember } from '../wix/team.js';
import type { WixRole } from '../wix/roles.js';

/** One member as the team list shows it. */
export interface MemberRow {
  kind: 'member';
  member: TeamMember;
  roleNames: string[];
  /** Null means every site, through an account-wide role. */
  siteCount: number | null;
}

/** One pending invite as the team list shows it. */
export interface InviteRow {
  kind: 'invite';
  invite: TeamInvite;
  roleNames: string[];
}

export type TeamRow = MemberRow | InviteRow;

/** Returns a role's name from Get Roles Info, else the name on the assignment, else its ID. */
export function roleNameResolver(roles: WixRole[]): (roleId: string | null, fallback?: string | null) => string {
  const names = new Map(roles.map((role) => [role.id, role.name]));
  return (roleId, fallback) => (roleId ? names.get(roleId) : undefined) ?? fallback ?? roleId ?? 'Unknown role';
}

/** Builds the rows of `/wix team`: members first (by name), then pending invites (by email). */
export function teamRows(members: TeamMember[], invites: TeamInvite[], roles: WixRole[]): TeamRow[] {
  const roleName = roleNameResolver(roles);
  const memberRows: MemberRow[] = members.map((member) => {
    const names = new Set(member.assignments.map((a) => roleName(a.roleId, a.roleName)));
    if (member.isAccountOwner) names.add('Owner');
    const accountWide = member.isAccountOwner || member.assignments.some((a) => a.siteId === null);
    const siteCount = accountWide ? null : new Set(member.assignments.map((a) => a.siteId)).size;
    return { kind: 'member', member, roleNames: [...names].sort(), siteCount };
  });
  memberRows.sort((a, b) => (a.member.name || a.member.email).localeCompare(b.member.name || b.member.email));
  const inviteRows: InviteRow[] = invites
    .map((invite) => ({ kind: 'invite' as const, invite, roleNames: invite.roleIds.map((id) => roleName(id)) }))
    .sort((a, b) => a.invite.email.localeCompare(b.invite.email));
  return [...memberRows, ...inviteRows];
}

/** Keeps the rows whose name, email or role name contains the query, ignoring case. */
export function filterTeamRows(rows: TeamRow[], query: string): TeamRow[] {
  const needle = query.trim().toLowerCase();
  if (!needle) return rows;
  return rows.filter((row) => {
    const texts = row.kind === 'member' ? [row.member.name, row.member.email, ...row.roleNames] : [row.invite.email, ...row.roleNames];
    return texts.some((text) => text.toLowerCase().includes(needle));
  });
}

/** Formats a member for candidate lists as "Name <email> (id)". */
export function describeMember(member: TeamMember): string {
  return `${member.name || '(no name)'} <${member.email || 'no email'}> (${member.id})`;
}

/**
 * Finds one member by Wix user ID, email or full name, comparing email and name without case.
 * Two members that both match (the same name, or emails that differ only in case) raise an
 * AmbiguousError listing them, never a guess. No match raises a NotFoundError that lists the
 * members whose name or email contains the text.
 */
export function resolveMember(members: TeamMember[], text: string): TeamMember {
  const target = text.trim();
  const byId = members.find((member) => member.id === target);
  if (byId) return byId;

  const lower = target.toLowerCase();
  const field = target.includes('@') ? 'email' : 'name';
  const matches = members.filter((member) => member[field].toLowerCase() === lower);
  if (matches.length === 1) return matches[0] as TeamMember;
  if (matches.length > 1) {
    throw new AmbiguousError(`${matches.length} team members have the ${field} "${target}". Run the command again with one of their user IDs.`, matches.map(describeMember));
  }
  const similar = members.filter((member) => member.name.toLowerCase().includes(lower) || member.email.toLowerCase().includes(lower));
  throw new NotFoundError(`No team member has the user ID, email or name "${target}".`, similar.map(describeMember));
}
