import { z } from 'zod';
import { approvedValue, type Approved } from '../approvals/approved.js';
import type { WixHttp } from './http.js';

/**
 * Search Team, Update Team Member Assignments and Remove Member. Their request and response
 * shapes are only partly documented, so the schemas accept every field name seen so far, keep
 * unknown fields, and name the field when something required is missing.
 */

const resourceSchema = z.looseObject({
  siteContext: z.looseObject({ metasiteId: z.string() }).optional(),
  accountContext: z.looseObject({ accountId: z.string() }).optional(),
});

export const assignmentSchema = z
  .looseObject({
    id: z.string().optional(),
    assignmentId: z.string().optional(),
    policyId: z.string().optional(),
    roleId: z.string().optional(),
    policy: z.looseObject({ id: z.string().optional(), policyId: z.string().optional(), name: z.string().optional(), title: z.string().optional() }).optional(),
    fullNameResource: resourceSchema.optional(),
    resource: resourceSchema.optional(),
    restrictions: z.looseObject({ resource: resourceSchema.optional(), site: z.looseObject({ id: z.string() }).optional() }).optional(),
  })
  .transform((a) => {
    const resource = a.fullNameResource ?? a.resource ?? a.restrictions?.resource;
    const siteId = resource?.siteContext?.metasiteId ?? a.restrictions?.site?.id ?? null;
    return {
      assignmentId: a.id ?? a.assignmentId ?? null,
      roleId: a.policyId ?? a.roleId ?? a.policy?.id ?? a.policy?.policyId ?? null,
      roleName: a.policy?.name ?? a.policy?.title ?? null,
      /** Null means the whole account. */
      siteId,
    };
  });

export type TeamAssignment = z.output<typeof assignmentSchema>;

export const teamMemberSchema = z
  .looseObject({
    id: z.string().optional(),
    userId: z.string().optional(),
    email: z.string().optional(),
    name: z.looseObject({ firstName: z.string().optional(), lastName: z.string().optional() }).optional(),
    firstName: z.string().optional(),
    lastName: z.string().optional(),
    joinedTeamAt: z.string().optional(),
    joinedAt: z.string().optional(),
    isAccountOwner: z.boolean().optional(),
    assignments: z.array(assignmentSchema).default([]),
  })
  .transform((u, ctx) => {
    const id = u.id ?? u.userId;
    if (!id) {
      ctx.addIssue({ code: 'custom', message: 'team member has no id' });
      return z.NEVER;
    }
    const first = u.name?.firstName ?? u.firstName ?? '';
    const last = u.name?.lastName ?? u.lastName ?? '';
    return {
      id,
      email: u.email ?? '',
      name: `${first} ${last}`.trim(),
      joinedAt: u.joinedTeamAt ?? u.joinedAt ?? null,
      isAccountOwner: u.isAccountOwner ?? false,
      assignments: u.assignments,
    };
  });

export type TeamMember = z.output<typeof teamMemberSchema>;

export const teamInviteSchema = z
  .looseObject({
    id: z.string(),
    email: z.string().default(''),
    status: z.string().optional(),
    policyIds: z.array(z.string()).default([]),
    dateCreated: z.string().optional(),
    expirationDate: z.string().optional(),
    assignments: z.array(z.looseObject({ policyId: z.string().optional() })).default([]),
  })
  .transform((i) => ({
    id: i.id,
    email: i.email,
    status: i.status ?? 'Pending',
    roleIds: i.policyIds.length > 0 ? i.policyIds : i.assignments.map((a) => a.policyId).filter((id): id is string => Boolean(id)),
    createdAt: i.dateCreated ?? null,
    expiresAt: i.expirationDate ?? null,
  }));

export type TeamInvite = z.output<typeof teamInviteSchema>;

/**
 * Search Team's response. An account always has its owner, so a response with neither `users` nor
 * paging metadata is not an empty team but a response the bot cannot read, and is rejected.
 */
const searchTeamResponseSchema = z
  .looseObject({
    users: z.array(teamMemberSchema).optional(),
    invites: z.array(teamInviteSchema).default([]),
    pagingMetadata: z.looseObject({ total: z.number().optional(), count: z.number().optional(), hasNext: z.boolean().optional() }).optional(),
    metadata: z.looseObject({ total: z.number().optional(), count: z.number().optional(), hasNext: z.boolean().optional() }).optional(),
  })
  .superRefine((data, ctx) => {
    if (data.users === undefined && data.pagingMetadata === undefined && data.metadata === undefined) {
      ctx.addIssue({ code: 'custom', path: ['users'], message: 'missing, and there is no pagingMetadata either' });
    }
  })
  .transform((data) => ({ ...data, users: data.users ?? [] }));

export interface TeamPage {
  members: TeamMember[];
  invites: TeamInvite[];
  /** Total members reported by Wix, when it reports one. */
  total: number | null;
  hasNext: boolean;
  requestId: string | null;
}

const TEAM_PAGE_SIZE = 50;

/** Fetches one page of Search Team (offset paging, as third-party clients use it). */
export async function searchTeamPage(wix: WixHttp, offset: number, limit = TEAM_PAGE_SIZE): Promise<TeamPage> {
  const { data, requestId } = await wix.request({
    operation: 'Search Team',
    method: 'POST',
    path: '/roles-management/v3/team/search',
    body: { paging: { limit, offset } },
    response: searchTeamResponseSchema,
    kind: 'read',
  });
  const metadata = data.pagingMetadata ?? data.metadata;
  const total = metadata?.total ?? null;
  const hasNext = metadata?.hasNext ?? (total !== null ? offset + data.users.length < total : data.users.length === limit);
  return { members: data.users, invites: data.invites, total, hasNext, requestId };
}

export interface Team {
  members: TeamMember[];
  invites: TeamInvite[];
  /** False when paging stopped at the safety cap before Wix reported the last page. */
  complete: boolean;
}

/** Reads every member and pending invite, following the pages to the end (capped at 5,000 members). */
export async function searchTeam(wix: WixHttp): Promise<Team> {
  const members: TeamMember[] = [];
  const invites = new Map<string, TeamInvite>();
  for (let offset = 0; offset < 5000; ) {
    const page = await searchTeamPage(wix, offset);
    members.push(...page.members);
    for (const invite of page.invites) invites.set(invite.id, invite);
    if (!page.hasNext || page.members.length === 0) return { members, invites: [...invites.values()], complete: true };
    offset += page.members.length;
  }
  return { members, invites: [...invites.values()], complete: false };
}

export interface AssignmentChange {
  userId: string;
  assignmentIdsToRemove: string[];
  /** New role assignments; no siteId means the whole account. */
  newAssignments: Array<{ roleId: string; siteId?: string | null }>;
  accountId: string;
}

/**
 * Update Team Member Assignments: removes and adds role assignments in one call. A write, so it
 * runs only with an approval (or the approvals module's ruling that the change needs none).
 */
export async function updateTeamMemberAssignments(wix: WixHttp, approved: Approved<AssignmentChange>): Promise<{ requestId: string | null }> {
  const change = approvedValue(approved, 'Update Team Member Assignments');
  const { requestId } = await wix.request({
    operation: 'Update Team Member Assignments',
    method: 'PATCH',
    path: '/roles-management/v2/team/assignments',
    body: {
      userId: change.userId,
      assignmentIdsToRemove: change.assignmentIdsToRemove,
      newAssignments: change.newAssignments.map((a) => ({
        policyId: a.roleId,
        assignments: [
          {
            fullNameResource: a.siteId ? { siteContext: { metasiteId: a.siteId } } : { accountContext: { accountId: change.accountId } },
          },
        ],
      })),
    },
    response: z.looseObject({}),
    kind: 'write',
  });
  return { requestId };
}

/** Remove Member: removes a user from the account's team. A write that runs only with an approval. */
export async function removeMember(wix: WixHttp, approved: Approved<{ userId: string }>): Promise<{ requestId: string | null }> {
  const { userId } = approvedValue(approved, 'Remove Member');
  const { requestId } = await wix.request({
    operation: 'Remove Member',
    method: 'POST',
    path: '/roles-management/team/remove',
    body: { userId },
    response: z.looseObject({}),
    kind: 'write',
  });
  return { requestId };
}
