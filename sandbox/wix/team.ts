import { pagingNumber, type WixRequestContext, type WixRoute } from './context.js';
import { applicationError, validationError, type FieldViolation } from './errors.js';
import type { Assignment, Invite, Member, Resource } from './model.js';

const MAX_INVITEES = 50;
const TEAM_PAGE_MAX = 100;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function roleExists(context: WixRequestContext, policyId: unknown): policyId is string {
  return typeof policyId === 'string' && context.state.roles.some((role) => role.id === policyId);
}

/** Checks a fullNameResource: a site of the requesting account, or the requesting account itself. */
function resourceProblem(context: WixRequestContext, resource: Resource | undefined): string | null {
  if (!resource || typeof resource !== 'object') return 'is required';
  const siteId = resource.siteContext?.metasiteId;
  if (siteId !== undefined) {
    const site = context.state.sites.find((s) => s.id === siteId);
    return site && site.ownerAccountId === context.accountId ? null : `site ${String(siteId)} is not in this account`;
  }
  const accountId = resource.accountContext?.accountId;
  if (accountId !== undefined) return accountId === context.accountId ? null : `account ${String(accountId)} is not the requesting account`;
  return 'needs siteContext.metasiteId or accountContext.accountId';
}

function memberView(member: Member): Record<string, unknown> {
  return {
    id: member.id,
    email: member.email,
    name: { firstName: member.firstName, lastName: member.lastName },
    joinedTeamAt: member.joinedTeamAt,
    isAccountOwner: member.isAccountOwner,
    assignments: member.assignments,
  };
}

function inviteView(invite: Invite): Record<string, unknown> {
  return { ...invite, assignments: invite.assignments.map((a) => ({ ...a })) };
}

function getRolesInfo(context: WixRequestContext) {
  const roles = context.state.roles.map(({ id, name, description, isCustom, level }) => ({ id, name, description, isCustom, level }));
  return { predefinedRoles: roles.filter((r) => !r.isCustom), customRoles: roles.filter((r) => r.isCustom) };
}

function createInvite(context: WixRequestContext) {
  const subjects = context.body.subjectsAssignments;
  if (!Array.isArray(subjects) || subjects.length === 0) {
    throw validationError([{ field: 'subjectsAssignments', description: 'must list at least one invitee', violatedRule: 'REQUIRED_FIELD' }]);
  }
  if (subjects.length > MAX_INVITEES) {
    throw validationError([{ field: 'subjectsAssignments', description: `must have at most ${MAX_INVITEES} items`, violatedRule: 'MAX' }]);
  }
  const violations: FieldViolation[] = [];
  subjects.forEach((subject: { assignments?: Array<{ policyId?: unknown; assignments?: Array<{ fullNameResource?: Resource }> }> }, i) => {
    for (const [j, assignment] of (subject.assignments ?? []).entries()) {
      if (!roleExists(context, assignment.policyId)) violations.push({ field: `subjectsAssignments[${i}].assignments[${j}].policyId`, description: 'is not a role of this account', violatedRule: 'CUSTOM' });
      for (const [k, resource] of (assignment.assignments ?? []).entries()) {
        const problem = resourceProblem(context, resource.fullNameResource);
        if (problem) violations.push({ field: `subjectsAssignments[${i}].assignments[${j}].assignments[${k}].fullNameResource`, description: problem, violatedRule: 'CUSTOM' });
      }
    }
  });
  if (violations.length > 0) throw validationError(violations);

  const successfulInvites: Record<string, unknown>[] = [];
  const failedInvites: Array<{ subjectEmail: string; errorMessage: string }> = [];
  const now = context.now();
  for (const subject of subjects as Array<{ subjectEmail?: unknown; assignments?: Invite['assignments'] }>) {
    const email = typeof subject.subjectEmail === 'string' ? subject.subjectEmail.trim() : '';
    const lower = email.toLowerCase();
    if (!EMAIL.test(email)) {
      failedInvites.push({ subjectEmail: email, errorMessage: 'invalid email address' });
    } else if (context.state.members.some((m) => m.accountId === context.accountId && m.email.toLowerCase() === lower)) {
      failedInvites.push({ subjectEmail: email, errorMessage: 'already a team member' });
    } else if (context.state.invites.some((inv) => inv.accountId === context.accountId && inv.status === 'Pending' && inv.email.toLowerCase() === lower)) {
      failedInvites.push({ subjectEmail: email, errorMessage: 'already has a pending invite' });
    } else {
      const assignments = subject.assignments?.length ? subject.assignments : [];
      const id = context.newId();
      const invite: Invite = {
        id,
        accountId: context.accountId,
        email,
        status: 'Pending',
        policyIds: assignments.map((a) => a.policyId),
        assignments,
        acceptLink: `https://invites.example.com/accept/${id}`,
        inviterAccountId: context.accountId,
        dateCreated: now.toISOString(),
        dateUpdated: now.toISOString(),
        expirationDate: new Date(now.getTime() + 30 * 86_400_000).toISOString(),
      };
      context.state.invites.push(invite);
      successfulInvites.push(inviteView(invite));
    }
  }
  return { successfulInvites, failedInvites };
}

function searchTeam(context: WixRequestContext) {
  const paging = (context.body.paging ?? {}) as { limit?: unknown; offset?: unknown };
  const limit = pagingNumber(paging.limit, 50);
  const offset = pagingNumber(paging.offset, 0);
  if (limit === null || limit > TEAM_PAGE_MAX) throw validationError([{ field: 'paging.limit', description: `must be an integer from 0 to ${TEAM_PAGE_MAX}`, violatedRule: 'MAX' }]);
  if (offset === null) throw validationError([{ field: 'paging.offset', description: 'must be an integer of at least 0', violatedRule: 'MIN' }]);
  const phrase = typeof context.body.query === 'string' ? context.body.query.toLowerCase() : '';
  const members = context.state.members
    .filter((m) => m.accountId === context.accountId)
    .filter((m) => !phrase || `${m.firstName} ${m.lastName} ${m.email}`.toLowerCase().includes(phrase))
    .sort((a, b) => a.joinedTeamAt.localeCompare(b.joinedTeamAt));
  const page = members.slice(offset, offset + limit);
  const invites = context.state.invites.filter((inv) => inv.accountId === context.accountId && inv.status === 'Pending');
  return {
    users: page.map(memberView),
    invites: invites.map(inviteView),
    pagingMetadata: { count: page.length, offset, total: members.length, hasNext: offset + page.length < members.length },
  };
}

function findMember(context: WixRequestContext, field: string): Member {
  const userId = context.body.userId;
  if (typeof userId !== 'string' || userId === '') throw validationError([{ field, description: 'is required', violatedRule: 'REQUIRED_FIELD' }]);
  const member = context.state.members.find((m) => m.id === userId && m.accountId === context.accountId);
  if (!member) throw applicationError(404, 'USER_NOT_FOUND', `user ${userId} is not a member of this account's team`);
  return member;
}

function updateAssignments(context: WixRequestContext) {
  const member = findMember(context, 'userId');
  const toRemove = context.body.assignmentIdsToRemove ?? [];
  const toAdd = context.body.newAssignments ?? [];
  if (!Array.isArray(toRemove) || !Array.isArray(toAdd)) throw validationError([{ field: 'assignmentIdsToRemove', description: 'assignmentIdsToRemove and newAssignments must be arrays', violatedRule: 'FORMAT' }]);
  const violations: FieldViolation[] = [];
  toRemove.forEach((id, i) => {
    if (!member.assignments.some((a) => a.id === id)) violations.push({ field: `assignmentIdsToRemove[${i}]`, description: `assignment ${String(id)} does not belong to this user`, violatedRule: 'CUSTOM' });
  });
  const added: Assignment[] = [];
  toAdd.forEach((entry: { policyId?: unknown; assignments?: Array<{ fullNameResource?: Resource }> }, i) => {
    if (!roleExists(context, entry.policyId)) {
      violations.push({ field: `newAssignments[${i}].policyId`, description: 'is not a role of this account', violatedRule: 'CUSTOM' });
      return;
    }
    const resources = entry.assignments?.length ? entry.assignments : [{ fullNameResource: { accountContext: { accountId: context.accountId } } }];
    resources.forEach((resource, k) => {
      const problem = resourceProblem(context, resource.fullNameResource);
      if (problem) violations.push({ field: `newAssignments[${i}].assignments[${k}].fullNameResource`, description: problem, violatedRule: 'CUSTOM' });
      else added.push({ id: context.newId(), policyId: entry.policyId as string, fullNameResource: resource.fullNameResource! });
    });
  });
  if (violations.length > 0) throw validationError(violations);
  member.assignments = [...member.assignments.filter((a) => !toRemove.includes(a.id)), ...added];
  return { assignments: member.assignments };
}

function removeMember(context: WixRequestContext) {
  const member = findMember(context, 'userId');
  if (member.isAccountOwner) throw applicationError(428, 'CANNOT_REMOVE_ACCOUNT_OWNER', 'the account owner cannot be removed from the team');
  context.state.members = context.state.members.filter((m) => m !== member);
  return {};
}

export const teamRoutes: WixRoute[] = [
  { method: 'GET', path: '/roles-management/roles', operation: 'Get Roles Info', handler: getRolesInfo },
  { method: 'POST', path: '/invites/account-invite/create', operation: 'Create Invite', handler: createInvite },
  { method: 'POST', path: '/roles-management/v3/team/search', operation: 'Search Team', handler: searchTeam },
  { method: 'PATCH', path: '/roles-management/v2/team/assignments', operation: 'Update Team Member Assignments', handler: updateAssignments },
  { method: 'POST', path: '/roles-management/team/remove', operation: 'Remove Member', handler: removeMember },
];
