import { asBotError } from '../errors.js';
import type { WixRole } from '../wix/roles.js';
import { searchTeam, type Team } from '../wix/team.js';
import { isOwnerLevelMember, roleName, type PrepareContext } from './prepare.js';
import type { ExecutionResult, RoleParams } from './types.js';

function failed(message: string): ExecutionResult {
  return { outcome: 'failed', message: `${message} Nothing was changed; ask for the change again if it is still needed.`, wixRequestId: null };
}

/**
 * Reads the member again right before an approved role change, because the team may have changed
 * since the request. Returns the parameters to write, which replace every account-level assignment
 * the member has now. Returns a failed result instead when the change is no longer safe. That is
 * the case when the member left or now owns the account, when an assignment has no ID, or when the
 * member became the last owner-level member and the new role is not owner-level.
 */
export async function recheckRoleChange(context: PrepareContext, params: RoleParams): Promise<RoleParams | ExecutionResult> {
  let team: Team;
  let roles: WixRole[];
  try {
    [team, roles] = await Promise.all([searchTeam(context.wix), context.pickers.roles.items()]);
  } catch (error) {
    return failed(`The bot could not read the team from Wix before the change (${asBotError(error).userMessage}).`);
  }
  const member = team.members.find((m) => m.id === params.userId);
  if (!member) return failed('The member is no longer on the Wix team.');
  if (!team.complete) return failed('The team has more members than the bot reads (5,000), so it cannot check that an owner-level member remains.');
  if (member.isAccountOwner) return failed('The member now owns the Wix account, and the owner\'s access cannot be changed with a role.');

  const current = member.assignments.filter((a) => a.siteId === null);
  if (current.some((a) => a.assignmentId === null)) return failed('Wix returned an account-level assignment of the member without an ID, so the bot cannot replace it.');
  const newRole = { id: params.newRoleId, name: roleName(roles, params.newRoleId, null) };
  const ownerLevel = team.members.filter((m) => isOwnerLevelMember(context.policy, m, roles));
  if (!context.policy.isOwnerLevelRole(newRole) && ownerLevel.some((m) => m.id === member.id) && ownerLevel.length <= 1) {
    return failed('The member is now the last owner-level member of the team, so taking that role away would leave no one to manage it.');
  }
  return {
    ...params,
    assignmentIdsToRemove: current.map((a) => a.assignmentId as string),
    oldRoleIds: current.map((a) => a.roleId).filter((id): id is string => id !== null),
  };
}
