import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { startWixEmulator, type WixEmulator } from '../../sandbox/wix/server.js';
import { DEMO_ACCOUNT_ID, DEMO_CHILD_ACCOUNT_IDS, UNRELATED_ACCOUNT_ID } from '../../sandbox/wix/seed.js';
import { parseFaultSpec } from '../../sandbox/wix/faults.js';
import { WixHttp } from '../../src/lib/wix/http.js';
import { getRolesInfo } from '../../src/lib/wix/roles.js';
import { createInvite } from '../../src/lib/wix/invites.js';
import { removeMember, searchTeam, searchTeamPage, updateTeamMemberAssignments } from '../../src/lib/wix/team.js';
import { countSites, querySites } from '../../src/lib/wix/sites.js';
import { transferSite } from '../../src/lib/wix/transfer.js';
import { checkDomainAvailability, listConnectedDomains, listRegisteredDomains } from '../../src/lib/wix/domains.js';
import { getAccount, listChildAccountIds } from '../../src/lib/wix/accounts.js';
import { WixApiError } from '../../src/lib/errors.js';
import { issueApproved } from '../../src/lib/approvals/approved.js';

const API_KEY = 'sandbox-wix-api-key-0123456789';

let wix: WixEmulator;
let gateway: WixHttp;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the tests read arbitrary paths of Wix JSON bodies
type JsonBody = Record<string, any>;

async function raw(path: string, init: RequestInit & { headers?: Record<string, string> } = {}) {
  const response = await fetch(wix.url + path, { ...init, headers: { authorization: API_KEY, 'wix-account-id': DEMO_ACCOUNT_ID, 'content-type': 'application/json', ...init.headers } });
  return { status: response.status, requestId: response.headers.get('x-wix-request-id'), retryAfter: response.headers.get('retry-after'), body: (await response.json()) as JsonBody };
}

beforeEach(async () => {
  wix = await startWixEmulator({ apiKey: API_KEY });
  gateway = new WixHttp({ apiKey: API_KEY, accountId: DEMO_ACCOUNT_ID, baseUrl: wix.url, logger: pino({ level: 'silent' }), retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
});

afterEach(async () => {
  await wix.close();
});

describe('Wix emulator seed', () => {
  it('holds about 120 sites across namespaces, folders and accounts', () => {
    const { sites } = wix.state;
    expect(sites).toHaveLength(120);
    expect(sites.some((s) => s.namespace === 'HEADLESS')).toBe(true);
    expect(sites.filter((s) => s.premium).length).toBeGreaterThan(3);
    expect(new Set(sites.map((s) => s.ownerAccountId)).size).toBe(3);
    expect(sites.some((s) => s.folderId !== null)).toBe(true);
  });

  it('uses example.com emails only', () => {
    const emails = [...wix.state.members.map((m) => m.email), ...wix.state.invites.map((i) => i.email)];
    expect(emails.length).toBeGreaterThanOrEqual(15);
    for (const email of emails) expect(email).toMatch(/@example\.com$/);
  });
});

describe('Wix emulator headers and errors', () => {
  it('sends x-wix-request-id on success and failure', async () => {
    const ok = await raw('/roles-management/roles', { method: 'GET' });
    const failed = await raw('/roles-management/roles', { method: 'GET', headers: { authorization: 'wrong' } });

    expect(ok.status).toBe(200);
    expect(ok.requestId).toMatch(/^\d+\.\d+$/);
    expect(failed.status).toBe(401);
    expect(failed.requestId).toMatch(/^\d+\.\d+$/);
    expect(failed.requestId).not.toBe(ok.requestId);
  });

  it('rejects a Bearer prefix on the API key', async () => {
    const result = await raw('/roles-management/roles', { method: 'GET', headers: { authorization: `Bearer ${API_KEY}` } });

    expect(result.status).toBe(401);
    expect(result.body.details.applicationError.code).toBe('UNAUTHENTICATED');
  });

  it('requires wix-account-id and refuses accounts outside the family', async () => {
    const missing = await fetch(`${wix.url}/roles-management/roles`, { headers: { authorization: API_KEY } });
    const foreign = await raw('/roles-management/roles', { method: 'GET', headers: { 'wix-account-id': UNRELATED_ACCOUNT_ID } });

    expect(missing.status).toBe(403);
    expect(foreign.status).toBe(403);
    expect(foreign.body.details.applicationError.code).toBe('PERMISSION_DENIED');
  });

  it('refuses both wix-account-id and wix-site-id', async () => {
    const result = await raw('/roles-management/roles', { method: 'GET', headers: { 'wix-site-id': wix.state.sites[0]!.id } });

    expect(result.status).toBe(400);
    expect(result.body.details.validationError.fieldViolations[0].field).toBe('wix-site-id');
  });

  it('answers a validation error with fieldViolations', async () => {
    const result = await raw('/site-list/v2/sites/query', { method: 'POST', body: JSON.stringify({ query: { cursorPaging: { limit: 101 } } }) });

    expect(result.status).toBe(400);
    expect(result.body.details.validationError.fieldViolations).toEqual([
      expect.objectContaining({ field: 'query.cursorPaging.limit', violatedRule: 'MAX' }),
    ]);
  });

  it('answers an unknown path with 404', async () => {
    const result = await raw('/no/such/endpoint', { method: 'POST', body: '{}' });

    expect(result.status).toBe(404);
  });
});

describe('Wix emulator through the bot gateway', () => {
  it('lists predefined and custom roles', async () => {
    const roles = await getRolesInfo(gateway);

    expect(roles.map((r) => r.name)).toContain('Website Manager');
    expect(roles.filter((r) => r.isCustom).length).toBe(2);
  });

  it('shows a new invite as pending in Search Team', async () => {
    const roles = await getRolesInfo(gateway);
    const designer = roles.find((r) => r.name === 'Website Designer')!;

    const result = await createInvite(gateway, { emails: ['fresh.face@example.com', 'maya.lindqvist@example.com', 'not-an-email'], roleId: designer.id, siteIds: [], accountId: DEMO_ACCOUNT_ID });
    const team = await searchTeam(gateway);

    expect(result.successfulInvites.map((i) => i.email)).toEqual(['fresh.face@example.com']);
    expect(result.failedInvites.map((f) => f.subjectEmail)).toEqual(['maya.lindqvist@example.com', 'not-an-email']);
    expect(team.invites.find((i) => i.email === 'fresh.face@example.com')).toMatchObject({ status: 'Pending', roleIds: [designer.id] });
  });

  it('rejects an invite for a role the account does not have', async () => {
    await expect(createInvite(gateway, { emails: ['x@example.com'], roleId: '00000000-0000-4000-8000-000000000000', siteIds: [], accountId: DEMO_ACCOUNT_ID })).rejects.toMatchObject({ status: 400 });
  });

  it('pages Search Team with offsets', async () => {
    const first = await searchTeamPage(gateway, 0, 5);
    const last = await searchTeamPage(gateway, 10, 5);
    const team = await searchTeam(gateway);

    expect(first.members).toHaveLength(5);
    expect(first.hasNext).toBe(true);
    expect(first.total).toBe(12);
    expect(last.members).toHaveLength(2);
    expect(last.hasNext).toBe(false);
    expect(team.members).toHaveLength(12);
  });

  it('changes and removes a member', async () => {
    const roles = await getRolesInfo(gateway);
    const manager = roles.find((r) => r.name === 'Website Manager')!;
    const { members } = await searchTeam(gateway);
    const member = members.find((m) => !m.isAccountOwner)!;

    await updateTeamMemberAssignments(gateway, issueApproved({ userId: member.id, assignmentIdsToRemove: member.assignments.map((a) => a.assignmentId!), newAssignments: [{ roleId: manager.id }], accountId: DEMO_ACCOUNT_ID }, 'AR-test'));
    const changed = (await searchTeam(gateway)).members.find((m) => m.id === member.id)!;
    await removeMember(gateway, issueApproved({ userId: member.id }, 'AR-test'));
    const after = await searchTeam(gateway);

    expect(changed.assignments.map((a) => a.roleId)).toEqual([manager.id]);
    expect(after.members.some((m) => m.id === member.id)).toBe(false);
  });

  it('refuses to remove the account owner', async () => {
    const owner = (await searchTeam(gateway)).members.find((m) => m.isAccountOwner)!;

    await expect(removeMember(gateway, issueApproved({ userId: owner.id }, 'AR-test'))).rejects.toMatchObject({ status: 428, applicationCode: 'CANNOT_REMOVE_ACCOUNT_OWNER' });
  });

  it('follows the site cursor to every namespace', async () => {
    const all = await querySites(gateway);
    const count = await countSites(gateway);
    const mainSites = wix.state.sites.filter((s) => s.ownerAccountId === DEMO_ACCOUNT_ID);

    expect(all.complete).toBe(true);
    expect(all.sites).toHaveLength(mainSites.length);
    expect(new Set(all.sites.map((s) => s.id)).size).toBe(mainSites.length);
    expect(count).toBe(mainSites.length);
  });

  it('lists only WIX sites without a namespace filter', async () => {
    const result = await raw('/site-list/v2/sites/query', { method: 'POST', body: JSON.stringify({ query: { cursorPaging: { limit: 100 } } }) });

    expect(result.body.sites.length).toBeGreaterThan(0);
    expect(result.body.sites.every((s: { namespace: string }) => s.namespace === 'WIX')).toBe(true);
  });

  it('pages Query Sites with metadata cursors', async () => {
    const first = await raw('/site-list/v2/sites/query', { method: 'POST', body: JSON.stringify({ query: { cursorPaging: { limit: 30 } } }) });
    const second = await raw('/site-list/v2/sites/query', { method: 'POST', body: JSON.stringify({ query: { cursorPaging: { limit: 30, cursor: first.body.metadata.cursors.next } } }) });

    expect(first.body.metadata).toMatchObject({ count: 30, hasNext: true });
    expect(second.body.sites[0].id).not.toBe(first.body.sites[0].id);
  });

  it('finds sites by search phrase', async () => {
    const site = wix.state.sites.find((s) => s.ownerAccountId === DEMO_ACCOUNT_ID)!;

    const result = await querySites(gateway, { searchPhrase: site.displayName.toUpperCase() });

    expect(result.sites.map((s) => s.id)).toContain(site.id);
  });

  it('refuses the premium filter in Count Sites', async () => {
    const result = await raw('/site-list/v2/sites/count', { method: 'POST', body: JSON.stringify({ filter: { premium: true } }) });

    expect(result.status).toBe(400);
  });

  it('moves a site to a child account', async () => {
    const site = wix.state.sites.find((s) => s.ownerAccountId === DEMO_ACCOUNT_ID && !s.premium)!;

    await transferSite(gateway, issueApproved({ siteId: site.id, sourceAccountId: DEMO_ACCOUNT_ID, targetAccountId: DEMO_CHILD_ACCOUNT_IDS[0] }, 'AR-test'));
    const after = await querySites(gateway, { ids: [site.id] });

    expect(wix.state.sites.find((s) => s.id === site.id)!.ownerAccountId).toBe(DEMO_CHILD_ACCOUNT_IDS[0]);
    expect(after.sites).toHaveLength(0);
  });

  it.each([
    ['a paid site', () => wix.state.sites.find((s) => s.ownerAccountId === DEMO_ACCOUNT_ID && s.premium)!.id, DEMO_ACCOUNT_ID, DEMO_CHILD_ACCOUNT_IDS[0], 428, 'SITE_TRANSFER_NOT_SUPPORTED'],
    ['an unknown target', () => wix.state.sites[0]!.id, DEMO_ACCOUNT_ID, '99999999-9999-4999-8999-999999999999', 428, 'TARGET_ACCOUNT_ID_NOT_FOUND'],
    ['the wrong source', () => wix.state.sites.find((s) => s.ownerAccountId === DEMO_CHILD_ACCOUNT_IDS[1])!.id, DEMO_ACCOUNT_ID, DEMO_CHILD_ACCOUNT_IDS[0], 400, 'SITE_NOT_FOUND'],
    ['an unrelated target', () => wix.state.sites.find((s) => s.ownerAccountId === DEMO_ACCOUNT_ID && !s.premium)!.id, DEMO_ACCOUNT_ID, UNRELATED_ACCOUNT_ID, 403, 'SITE_TRANSFER_NOT_ALLOWED'],
  ])('refuses to transfer %s', async (_case, siteId, source, target, status, code) => {
    const attempt = transferSite(gateway, issueApproved({ siteId: siteId(), sourceAccountId: source, targetAccountId: target }, 'AR-test'));

    await expect(attempt).rejects.toBeInstanceOf(WixApiError);
    await expect(attempt).rejects.toMatchObject({ status, applicationCode: code });
  });

  it('lists domains, accounts and availability', async () => {
    const registered = await listRegisteredDomains(gateway);
    const connected = await listConnectedDomains(gateway);
    const children = await listChildAccountIds(gateway);
    const account = await getAccount(gateway, DEMO_ACCOUNT_ID);
    const child = await getAccount(gateway, DEMO_CHILD_ACCOUNT_IDS[1]);
    const taken = await checkDomainAvailability(gateway, registered[0]!.domain);

    expect(registered.length).toBeGreaterThanOrEqual(3);
    expect(connected.length).toBeGreaterThanOrEqual(3);
    expect(children).toEqual([...DEMO_CHILD_ACCOUNT_IDS]);
    expect(account.name).toBe('Harborlight Studio');
    expect(child.name).toBe('Harborlight Nonprofits');
    expect(taken.available).toBe(false);
  });

  it('rejects a domain without a TLD', async () => {
    await expect(checkDomainAvailability(gateway, 'nodot')).rejects.toMatchObject({ status: 400, applicationCode: 'INVALID_DOMAIN' });
  });
});

describe('Wix emulator fault switch', () => {
  it('answers 429 with Retry-After when asked', async () => {
    await fetch(`${wix.url}/_sandbox/faults`, { method: 'PUT', body: JSON.stringify({ rateLimitRate: 1 }) });

    const result = await raw('/roles-management/roles', { method: 'GET' });

    expect(result.status).toBe(429);
    expect(result.retryAfter).toBe('1');
    expect(result.requestId).not.toBeNull();
  });

  it('answers 503 with an empty system error', async () => {
    wix.faults = { latencyMs: 0, rateLimitRate: 0, serverErrorRate: 1 };

    const result = await raw('/roles-management/roles', { method: 'GET' });

    expect(result.status).toBe(503);
    expect(result.body).toEqual({ message: '', details: {} });
  });

  it('adds latency', async () => {
    wix.faults = { latencyMs: 150, rateLimitRate: 0, serverErrorRate: 0 };
    const started = performance.now();

    await raw('/roles-management/roles', { method: 'GET' });

    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('rejects a bad control update', async () => {
    const response = await fetch(`${wix.url}/_sandbox/faults`, { method: 'PUT', body: JSON.stringify({ rateLimitRate: 2 }) });

    expect(response.status).toBe(400);
  });

  it('parses the environment spec', () => {
    expect(parseFaultSpec('latency=800, 429=0.2,5xx=0.1')).toEqual({ latencyMs: 800, rateLimitRate: 0.2, serverErrorRate: 0.1 });
    expect(parseFaultSpec(undefined)).toEqual({ latencyMs: 0, rateLimitRate: 0, serverErrorRate: 0 });
    expect(() => parseFaultSpec('jitter=5')).toThrow(/unknown key/);
    expect(() => parseFaultSpec('429=x')).toThrow(/needs a number/);
  });
});
