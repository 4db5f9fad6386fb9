import { z } from 'zod';
import type { WixHttp } from './http.js';

/** Create Invite accepts at most this many invitees in one call. */
export const MAX_INVITEES_PER_CALL = 50;

export const accountInviteSchema = z.looseObject({
  id: z.string(),
  email: z.string(),
  status: z.string().optional(),
  policyIds: z.array(z.string()).optional(),
  acceptLink: z.string().optional(),
  dateCreated: z.string().optional(),
  expirationDate: z.string().optional(),
});

export type AccountInvite = z.output<typeof accountInviteSchema>;

export const createInviteResponseSchema = z.looseObject({
  successfulInvites: z.array(accountInviteSchema).default([]),
  failedInvites: z.array(z.looseObject({ subjectEmail: z.string(), errorMessage: z.string().default('') })).default([]),
});

export type CreateInviteResult = z.output<typeof createInviteResponseSchema> & { requestId: string | null };

export interface InviteRequest {
  emails: string[];
  roleId: string;
  /** Site IDs the role is limited to; empty means the whole account. */
  siteIds: string[];
  accountId: string;
}

/**
 * Create Invite: emails team invites with one role, on chosen sites or the whole account.
 * A write, so it is never retried: a repeat could send a second email.
 */
export async function createInvite(wix: WixHttp, request: InviteRequest): Promise<CreateInviteResult> {
  if (request.emails.length === 0 || request.emails.length > MAX_INVITEES_PER_CALL) {
    throw new RangeError(`createInvite takes 1 to ${MAX_INVITEES_PER_CALL} emails, got ${request.emails.length}`);
  }
  const resources =
    request.siteIds.length > 0
      ? request.siteIds.map((metasiteId) => ({ fullNameResource: { siteContext: { metasiteId } } }))
      : [{ fullNameResource: { accountContext: { accountId: request.accountId } } }];
  const { data, requestId } = await wix.request({
    operation: 'Create Invite',
    method: 'POST',
    path: '/invites/account-invite/create',
    body: {
      subjectsAssignments: request.emails.map((subjectEmail) => ({
        subjectEmail,
        assignments: [{ policyId: request.roleId, assignments: resources }],
      })),
    },
    response: createInviteResponseSchema,
    kind: 'write',
  });
  return { ...data, requestId };
}
