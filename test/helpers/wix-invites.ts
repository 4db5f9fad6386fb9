import nock from 'nock';
import { ROLES, WIX_ACCOUNT_ID, WIX_BASE } from './bot.js';

export const SITES = [
  { id: '5c5c5c5c-0000-4000-8000-000000000001', displayName: 'Main Shop', name: 'main-shop' },
  { id: '5c5c5c5c-0000-4000-8000-000000000002', displayName: 'Blog', name: 'blog' },
  { id: '5c5c5c5c-0000-4000-8000-000000000003', displayName: 'Shop Staging', name: 'shop-staging' },
];

export const INVITE_PATH = '/invites/account-invite/create';

/** Get Roles Info, as the role picker loads it on first use. */
export function nockRoles(roles: unknown[] = ROLES, delayMs = 0): nock.Scope {
  return nock(WIX_BASE).get('/roles-management/roles').delay(delayMs).reply(200, { roles });
}

/** Query Sites, as the site picker loads it on first use. */
export function nockSites(sites: unknown[] = SITES): nock.Scope {
  return nock(WIX_BASE).post('/site-list/v2/sites/query').reply(200, { sites, metadata: { hasNext: false } });
}

/** Create Invite request bodies, in the order received. */
export type InviteBody = {
  subjectsAssignments: Array<{ subjectEmail: string; assignments: Array<{ policyId: string; assignments: Array<{ fullNameResource: Record<string, Record<string, string>> }> }> }>;
};

/**
 * Create Invite that requires the wix-account-id header and records each body. By default every
 * address succeeds; `failures` maps an address to Wix's errorMessage.
 */
export function nockCreateInvite(bodies: InviteBody[], failures: Record<string, string> = {}, requestId = 'wix-req-invite-1'): nock.Scope {
  return nock(WIX_BASE, { reqheaders: { 'wix-account-id': WIX_ACCOUNT_ID } })
    .post(INVITE_PATH, (body: InviteBody) => {
      bodies.push(body);
      return true;
    })
    .reply(
      200,
      (_uri, body) => {
        const emails = (body as InviteBody).subjectsAssignments.map((s) => s.subjectEmail);
        return {
          successfulInvites: emails
            .filter((email) => failures[email] === undefined)
            .map((email, i) => ({ id: `9e9e9e9e-0000-4000-8000-${String(i).padStart(12, '0')}`, email, status: 'Pending', policyIds: [] })),
          failedInvites: emails.filter((email) => failures[email] !== undefined).map((email) => ({ subjectEmail: email, errorMessage: failures[email] })),
        };
      },
      { 'x-wix-request-id': requestId },
    );
}
