import { AmbiguousError, InputError, NotFoundError, PolicyDeniedError } from '../errors.js';
import type { PickerIndexes } from '../pickers/indexes.js';
import type { Policy } from '../policy/policy.js';
import type { WixHttp } from '../wix/http.js';
import type { WixRole } from '../wix/roles.js';
import { querySites, siteLabel, type WixSite } from '../wix/sites.js';
import { searchTeam, type TeamMember } from '../wix/team.js';
import type { RemoveParams, RemoveSnapshot, RoleParams, RoleSnapshot, TransferParams, TransferSnapshot } from './types.js';

/** Parameters (Wix IDs) of a request and the names its card shows. */
export interface PreparedTransfer {
  params: TransferParams;
  snapshot: TransferSnapshot;
}

export interface PreparedRemove {
  params: RemoveParams;
  snapshot: RemoveSnapshot;
}

export interface PreparedRole {
  params: RoleParams;
  snapshot: RoleSnapshot;
}

export type PreparedAction = PreparedTransfer | PreparedRemove | PreparedRole;

/** A role change, and whether the policy sends it through approval. */
export interface PreparedRoleChange extends PreparedRole {
  needsApproval: boolean;
}

export interface PrepareContext {
  wix: WixHttp;
  pickers: PickerIndexes;
  policy: Policy;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Checks a transfer before a request is made: the site exists in the bot's account, the target is
 * that account or one of its child accounts, and the site has no paid services (Wix refuses those).
 */
export async function prepareTransfer(context: PrepareContext, input: { site: string; target: string }): Promise<PreparedTransfer> {
  const sourceAccountId = context.wix.accountId;
  const site = await findSite(context.wix, input.site);

  if (site.ownerAccountId && site.ownerAccountId !== sourceAccountId) {
    throw new NotFoundError(`Site "${siteLabel(site)}" (${site.id}) is not owned by the bot's account ${sourceAccountId}, so it cannot be transferred from there.`);
  }
  if (site.premium) {
    throw new InputError(
      `Site "${siteLabel(site)}" has paid Wix services, and Wix refuses to transfer such sites. Cancel the services (Resellers), transfer the site, then recreate the package.`,
    );
  }

  const accounts = await context.pickers.accounts.items();
  const wanted = input.target.trim().toLowerCase();
  const byId = accounts.filter((account) => account.id.toLowerCase() === wanted);
  const matches = byId.length > 0 ? byId : accounts.filter((account) => account.name.toLowerCase() === wanted);
  if (matches.length === 0) {
    throw new NotFoundError(
      `Account "${input.target}" is neither the main account nor one of its child accounts. Wix transfers sites only between those.`,
      accounts.slice(0, 15).map((account) => `${account.name} (${account.id})`),
    );
  }
  if (matches.length > 1) throw new AmbiguousError(`Several accounts are named "${input.target}". Give the account ID.`, matches.map((a) => `${a.name} (${a.id})`));
  const target = matches[0]!;
  if (target.id === sourceAccountId) throw new InputError(`Site "${siteLabel(site)}" is already in account ${target.name}.`);
  const source = accounts.find((account) => account.id === sourceAccountId);

  return {
    params: { action: 'transfer', siteId: site.id, sourceAccountId, targetAccountId: target.id },
    snapshot: {
      action: 'transfer',
      siteName: siteLabel(site),
      siteUrl: site.viewUrl || null,
      sourceAccountName: source?.name ?? 'Main account',
      targetAccountName: target.isMain ? `${target.name} (main account)` : target.name,
    },
  };
}

/** Finds a site of the bot's account by ID or by exact display name or URL slug (any case). */
async function findSite(wix: WixHttp, text: string): Promise<WixSite> {
  const wanted = text.trim();
  if (UUID.test(wanted)) {
    const { sites } = await querySites(wix, { ids: [wanted], max: 1 });
    const site = sites[0];
    if (!site) throw new NotFoundError(`No site with ID ${wanted} in the bot's Wix account.`);
    return site;
  }
  const { sites } = await querySites(wix, { searchPhrase: wanted, max: 100 });
  const lower = wanted.toLowerCase();
  const exact = sites.filter((site) => siteLabel(site).toLowerCase() === lower || (site.name ?? '').toLowerCase() === lower);
  if (exact.length === 0) throw new NotFoundError(`No site is named exactly "${wanted}".`, sites.slice(0, 15).map((site) => `${siteLabel(site)} (${site.id})`));
  if (exact.length > 1) throw new AmbiguousError(`Several sites are named "${wanted}". Give the site ID.`, exact.map((site) => `${siteLabel(site)} (${site.id})`));
  return exact[0]!;
}

interface TeamFacts {
  member: TeamMember;
  roles: WixRole[];
  ownerLevelMembers: TeamMember[];
}

/** Finds a member by Wix user ID or exact email, and counts the owner-level members of the team. */
async function findMember(context: PrepareContext, text: string): Promise<TeamFacts> {
  const wanted = text.trim().toLowerCase();
  const [team, roles] = await Promise.all([searchTeam(context.wix), context.pickers.roles.items()]);
  const member = team.members.find((m) => m.id.toLowerCase() === wanted || (m.email !== '' && m.email.toLowerCase() === wanted));
  if (!member) {
    const near = team.members.filter((m) => m.email.toLowerCase().includes(wanted) || m.name.toLowerCase().includes(wanted));
    throw new NotFoundError(`No team member has the Wix user ID or email "${text}".`, near.slice(0, 15).map((m) => `${m.email || m.name} (${m.id})`));
  }
  if (!team.complete) {
    throw new InputError('The team has more members than the bot reads (5,000), so it cannot check that an owner-level member remains. Make this change in the Wix dashboard.');
  }
  const ownerLevelMembers = team.members.filter((m) => isOwnerLevelMember(context.policy, m, roles));
  return { member, roles, ownerLevelMembers };
}

export function roleName(roles: WixRole[], roleId: string | null, fallback: string | null): string {
  return fallback ?? roles.find((role) => role.id === roleId)?.name ?? roleId ?? 'unknown role';
}

/** Returns whether a member owns the account or has an owner-level role for the whole account. */
export function isOwnerLevelMember(policy: Policy, member: TeamMember, roles: WixRole[]): boolean {
  if (member.isAccountOwner) return true;
  return member.assignments.some(
    (a) => a.siteId === null && a.roleId !== null && policy.isOwnerLevelRole({ id: a.roleId, name: roleName(roles, a.roleId, a.roleName) }),
  );
}

async function reachableSites(context: PrepareContext, member: TeamMember): Promise<Array<{ id: string; name: string }>> {
  const ids = [...new Set(member.assignments.map((a) => a.siteId).filter((id): id is string => id !== null))];
  if (ids.length === 0) return [];
  // Names are for the card only; when the site list cannot be read, the IDs are shown.
  const sites = await context.pickers.sites.items().catch(() => [] as WixSite[]);
  return ids.map((id) => {
    const site = sites.find((s) => s.id === id);
    return { id, name: site ? siteLabel(site) : id };
  });
}

/** Checks a removal: the member exists, is not the account owner and is not the last owner-level member. */
export async function prepareRemove(context: PrepareContext, input: { member: string }): Promise<PreparedRemove> {
  const { member, roles, ownerLevelMembers } = await findMember(context, input.member);
  const label = member.email || member.id;
  if (member.isAccountOwner) throw new PolicyDeniedError(`${label} owns the Wix account and cannot be removed from its team.`);
  if (ownerLevelMembers.some((m) => m.id === member.id) && ownerLevelMembers.length <= 1) {
    throw new PolicyDeniedError(`${label} is the last owner-level member of the team, so removing them would leave no one to manage it.`);
  }
  return {
    params: { action: 'remove', userId: member.id },
    snapshot: {
      action: 'remove',
      memberName: member.name,
      memberEmail: member.email,
      roles: [...new Set(member.assignments.map((a) => roleName(roles, a.roleId, a.roleName)))],
      accountWide: member.assignments.some((a) => a.siteId === null),
      sites: await reachableSites(context, member),
    },
  };
}

/**
 * Checks a change of a member's account-level role: the member and role exist, the change is a
 * change, and it does not leave the team without an owner-level member. The policy decides whether
 * it needs approval: any change to or from an owner-level role does.
 */
export async function prepareRoleChange(context: PrepareContext, input: { member: string; role: string }): Promise<PreparedRoleChange> {
  const { member, roles, ownerLevelMembers } = await findMember(context, input.member);
  const label = member.email || member.id;
  const wanted = input.role.trim().toLowerCase();
  const role = roles.find((r) => r.id.toLowerCase() === wanted) ?? roles.find((r) => r.name.toLowerCase() === wanted);
  if (!role) throw new NotFoundError(`No Wix role is named "${input.role}".`, roles.map((r) => r.name));
  if (member.isAccountOwner) throw new PolicyDeniedError(`${label} owns the Wix account; the owner's access cannot be changed with a role.`);

  const current = member.assignments.filter((a) => a.siteId === null);
  if (current.some((a) => a.assignmentId === null)) {
    throw new InputError(`Wix returned an account-level assignment of ${label} without an ID, so the bot cannot replace it. Change the role in the Wix dashboard.`);
  }
  if (current.length === 1 && current[0]?.roleId === role.id) throw new InputError(`${label} already has the role ${role.name} for the whole account.`);

  const oldRoleIds = current.map((a) => a.roleId).filter((id): id is string => id !== null);
  const oldRoles = current.map((a) => roleName(roles, a.roleId, a.roleName));
  const fromOwnerLevel = current.some((a, i) => context.policy.isOwnerLevelRole({ id: a.roleId ?? '', name: oldRoles[i] ?? '' }));
  const toOwnerLevel = context.policy.isOwnerLevelRole(role);
  if (fromOwnerLevel && !toOwnerLevel && ownerLevelMembers.some((m) => m.id === member.id) && ownerLevelMembers.length <= 1) {
    throw new PolicyDeniedError(`${label} is the last owner-level member of the team, so taking that role away would leave no one to manage it.`);
  }
  return {
    params: {
      action: 'role',
      userId: member.id,
      accountId: context.wix.accountId,
      assignmentIdsToRemove: current.map((a) => a.assignmentId as string),
      oldRoleIds,
      newRoleId: role.id,
    },
    snapshot: { action: 'role', memberName: member.name, memberEmail: member.email, oldRoles, newRole: role.name, sites: await reachableSites(context, member) },
    needsApproval: fromOwnerLevel || toOwnerLevel,
  };
}

/** Returns whether a prepared role change needs approval under the policy, from its stored IDs and names. */
export function roleChangeNeedsApproval(policy: Policy, change: PreparedRole): boolean {
  const ids = [...change.params.oldRoleIds, change.params.newRoleId];
  const names = [...change.snapshot.oldRoles, change.snapshot.newRole];
  return ids.some((id) => policy.isOwnerLevelRole({ id, name: '' })) || names.some((name) => policy.isOwnerLevelRole({ id: '', name }));
}
