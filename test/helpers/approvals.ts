import nock from 'nock';
import { APPROVALS_CHANNEL, ROLES, WIX_ACCOUNT_ID, WIX_BASE, type TestBot } from './bot.js';
import { CARDS, RESPONSE_HOST, TEAM_ID, type ResponseUrlPost } from './fake-slack.js';

export const CHILD_ACCOUNT_ID = '22222222-2222-4222-8222-222222222222';
export const SITE_ID = '5c5c5c5c-0000-4000-8000-000000000001';
export const PREMIUM_SITE_ID = '5c5c5c5c-0000-4000-8000-000000000002';

export const CO_OWNER_ROLE = ROLES[2]!;
export const MANAGER_ROLE = ROLES[0]!;
export const DESIGNER_ROLE = ROLES[1]!;

export const SITE = { id: SITE_ID, name: 'demo-shop', displayName: 'Demo Shop', premium: false, ownerAccountId: WIX_ACCOUNT_ID, viewUrl: 'https://example.wixsite.com/demo-shop', namespace: 'WIX' };
export const PREMIUM_SITE = { ...SITE, id: PREMIUM_SITE_ID, name: 'paid-shop', displayName: 'Paid Shop', premium: true };

const accountLevel = { accountContext: { accountId: WIX_ACCOUNT_ID } };

export const MEMBERS = {
  owner: { id: '7a7a7a7a-0000-4000-8000-000000000001', email: 'owner@example.com', name: { firstName: 'Olive', lastName: 'Owner' }, isAccountOwner: true, assignments: [] },
  coOwner: {
    id: '7a7a7a7a-0000-4000-8000-000000000002',
    email: 'co@example.com',
    name: { firstName: 'Cora', lastName: 'Co' },
    assignments: [{ id: 'a5a5a5a5-0000-4000-8000-000000000002', policyId: CO_OWNER_ROLE.id, fullNameResource: accountLevel }],
  },
  designer: {
    id: '7a7a7a7a-0000-4000-8000-000000000003',
    email: 'designer@example.com',
    name: { firstName: 'Dee', lastName: 'Signer' },
    assignments: [{ id: 'a5a5a5a5-0000-4000-8000-000000000003', policyId: DESIGNER_ROLE.id, fullNameResource: { siteContext: { metasiteId: SITE_ID } } }],
  },
  manager: {
    id: '7a7a7a7a-0000-4000-8000-000000000004',
    email: 'manager@example.com',
    name: { firstName: 'Max', lastName: 'Manager' },
    assignments: [{ id: 'a5a5a5a5-0000-4000-8000-000000000004', policyId: MANAGER_ROLE.id, fullNameResource: accountLevel }],
  },
};

export type FakeMember = (typeof MEMBERS)[keyof typeof MEMBERS];

/** Stubs Get Account for the main and the child account, and List Child Accounts (the accounts picker index). */
export function nockAccounts(): void {
  nock(WIX_BASE).persist().get(`/accounts/v1/accounts/${WIX_ACCOUNT_ID}`).reply(200, { account: { accountId: WIX_ACCOUNT_ID, accountName: 'Agency' } });
  nock(WIX_BASE).persist().get(`/accounts/v1/accounts/${CHILD_ACCOUNT_ID}`).reply(200, { account: { accountId: CHILD_ACCOUNT_ID, accountName: 'Client Co' } });
  nock(WIX_BASE).persist().get('/accounts/v1/account/child-accounts').query(true).reply(200, { childAccountIds: [CHILD_ACCOUNT_ID] });
}

/** Stubs Query Sites in `accountId` to return `sites` (the whole list, whatever the filter). */
export function nockSites(sites: object[], accountId = WIX_ACCOUNT_ID, times = 1): nock.Scope {
  return nock(WIX_BASE, { reqheaders: { 'wix-account-id': accountId } })
    .post('/site-list/v2/sites/query')
    .times(times)
    .reply(200, { sites, metadata: { hasNext: false } });
}

/** Stubs Search Team to return `members`, and Get Roles Info to return the test roles. */
export function nockTeam(members: FakeMember[], times = 1): nock.Scope {
  nock(WIX_BASE).persist().get('/roles-management/roles').reply(200, { roles: ROLES });
  return nock(WIX_BASE).post('/roles-management/v3/team/search').times(times).reply(200, { users: members, invites: [], pagingMetadata: { hasNext: false } });
}

/** Stubs Transfer Site to the child account with the given status and body. */
export function nockTransfer(status = 200, body: object = { siteTransfer: { siteId: SITE_ID, sourceAccountId: WIX_ACCOUNT_ID } }): nock.Scope {
  return nock(WIX_BASE, { reqheaders: { 'wix-account-id': CHILD_ACCOUNT_ID } })
    .post('/b2b-site-management/v1/transfer-site', { siteTransfer: { siteId: SITE_ID, sourceAccountId: WIX_ACCOUNT_ID, enableNotifications: false } })
    .reply(status, body, { 'x-wix-request-id': `req-transfer-${status}` });
}

/** Builds a Wix application error body. */
export function wixError(code: string, description = 'refused'): object {
  return { message: description, details: { applicationError: { code, description } } };
}

let clickSeq = 0;

/**
 * Builds the payload of a click on a button of the request's approval card (the test bot signs it).
 * A request without a posted card gets a made-up message in the approvals channel.
 */
export function click(actionId: string, requestId: string, userId: string, teamId = TEAM_ID): Record<string, unknown> {
  clickSeq += 1;
  const card = CARDS.get(requestId) ?? { channel: APPROVALS_CHANNEL, ts: '1767000001.000100' };
  return {
    type: 'block_actions',
    user: { id: userId, username: userId.toLowerCase(), name: userId.toLowerCase(), team_id: teamId },
    api_app_id: 'A0TESTAPP',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: card.ts, channel_id: card.channel, is_ephemeral: false },
    trigger_id: `${clickSeq}.4444.click`,
    team: { id: teamId, domain: 'test' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: card.channel, name: 'wix-approvals' },
    message: { type: 'message', ts: card.ts, text: 'card', blocks: [] },
    state: { values: {} },
    response_url: `${RESPONSE_HOST}/actions/${teamId}/${clickSeq}/click`,
    actions: [{ type: 'button', action_id: actionId, block_id: 'approval_actions', value: requestId, action_ts: '1767000050.123456' }],
  };
}

/** Returns the response_url posts that replied to one click payload. */
export function repliesTo(t: TestBot, payload: Record<string, unknown>): ResponseUrlPost[] {
  const path = new URL(String(payload.response_url)).pathname;
  return t.slack.responses.filter((response) => response.path === path);
}

/** Returns the blocks and text of a message body as one string. */
export function textOf(body: Record<string, unknown> | undefined): string {
  return JSON.stringify(body?.blocks ?? []) + String(body?.text ?? '');
}

/** Returns the ID of the only approval request in the store. */
export function onlyRequestId(t: TestBot): string {
  const requests = t.bot.deps.store.approvals.inStates(['pending', 'approved', 'executing', 'succeeded', 'failed', 'unknown', 'denied', 'cancelled', 'expired']);
  if (requests.length !== 1) throw new Error(`expected one approval request, found ${requests.length}`);
  return requests[0]!.id;
}

/** Builds the payload of a modal submission with `values` (block_id → action_id → state). */
export function submission(callbackId: string, privateMetadata: string, values: Record<string, Record<string, object>>, userId: string, teamId = TEAM_ID): Record<string, unknown> {
  clickSeq += 1;
  return {
    type: 'view_submission',
    team: { id: teamId, domain: 'test' },
    user: { id: userId, username: userId.toLowerCase(), name: userId.toLowerCase(), team_id: teamId },
    api_app_id: 'A0TESTAPP',
    token: 'legacy-verification-token',
    trigger_id: `${clickSeq}.5555.submit`,
    view: {
      id: `V0SUBMIT${clickSeq}`,
      team_id: teamId,
      type: 'modal',
      callback_id: callbackId,
      private_metadata: privateMetadata,
      hash: '1767000100.abc',
      title: { type: 'plain_text', text: 'Form' },
      state: { values },
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

/** Builds the state value of a reason input. */
export function reasonValue(text: string): Record<string, Record<string, object>> {
  return { reason: { reason_input: { type: 'plain_text_input', value: text } } };
}
