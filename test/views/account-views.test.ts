import { describe, expect, it } from 'vitest';
import { memberAccess } from '../../src/lib/account/access.js';
import { teamRows } from '../../src/lib/account/team.js';
import type { TeamInvite, TeamMember } from '../../src/lib/wix/team.js';
import type { WixSite } from '../../src/lib/wix/sites.js';
import type { WixDomain } from '../../src/lib/wix/domains.js';
import { accountsMessage } from '../../src/views/accounts.js';
import { domainsMessage } from '../../src/views/domains.js';
import { homeView } from '../../src/views/home.js';
import { blockKitViolations } from '../../src/views/limits.js';
import { sitesMessage } from '../../src/views/sites.js';
import { teamMessage } from '../../src/views/team.js';
import { whoisMessage } from '../../src/views/whois.js';

const LONG = '<&>*_`|'.repeat(72);

function worstMember(i: number, assignments: number): TeamMember {
  return {
    id: `7a7a7a7a-0000-4000-8000-${String(i).padStart(12, '0')}`,
    email: `${LONG}@example.com`,
    name: LONG,
    joinedAt: 'not a date',
    isAccountOwner: false,
    assignments: Array.from({ length: assignments }, (_, k) => ({ assignmentId: `a${k}`, roleId: `role-${k % 30}`, roleName: LONG, siteId: `site-${k}` })),
  };
}

function worstSite(i: number): WixSite {
  return { id: `5c5c5c5c-0000-4000-8000-${String(i).padStart(12, '0')}`, displayName: LONG, name: LONG, viewUrl: `https://${'x'.repeat(280)}.example.com/${i}`, editorType: LONG, folderId: LONG, namespace: LONG, createdDate: 'garbage', published: true, premium: false };
}

/** Collects every mrkdwn text of a block list; plain_text is shown as typed, so it needs no escaping. */
function mrkdwnTexts(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) mrkdwnTexts(item, found);
  else if (value && typeof value === 'object') {
    const object = value as Record<string, unknown>;
    if (object.type === 'mrkdwn' && typeof object.text === 'string') found.push(object.text);
    for (const child of Object.values(object)) mrkdwnTexts(child, found);
  }
  return found;
}

const roles = Array.from({ length: 30 }, (_, k) => ({ id: `role-${k}`, name: LONG, description: '', isCustom: true, level: null }));

describe('account views at their worst', () => {
  it('team pages of 300 members and 100 invites', () => {
    const members = Array.from({ length: 300 }, (_, i) => worstMember(i, 40));
    const invites: TeamInvite[] = Array.from({ length: 100 }, (_, i) => ({ id: `inv-${i}`, email: LONG, status: LONG, roleIds: roles.map((r) => r.id), createdAt: null, expiresAt: 'bad' }));
    const rows = teamRows(members, invites, roles);

    for (const page of [0, 13, 26]) {
      const message = teamMessage({ rows, memberCount: 300, inviteCount: 100, siteTotal: 10_000, complete: false, state: { page, query: LONG } });
      expect(blockKitViolations('message', message as never)).toEqual([]);
    }
  });

  it('site pages of 10,000 sites', () => {
    const sites = Array.from({ length: 10_000 }, (_, i) => worstSite(i));
    const folderNames = new Map([[LONG, LONG]]);

    for (const page of [0, 500, 999]) {
      const message = sitesMessage({ sites, total: 10_400, complete: false, folderNames, state: { page, query: LONG } });
      expect(blockKitViolations('message', message as never)).toEqual([]);
    }
  });

  it('whois of a member with 10,000 sites', () => {
    const member = worstMember(1, 10_000);
    const access = memberAccess(member, roles, () => LONG);

    const message = whoisMessage(member, access);

    expect(blockKitViolations('message', message as never)).toEqual([]);
    expect(JSON.stringify(message.blocks)).toContain('more assignments not shown');
  });

  it('domain pages of 200 domains', () => {
    const rows = Array.from({ length: 200 }, (_, i) => ({ domain: { kind: i % 2 ? 'registered' : 'connected', domain: LONG, status: LONG, siteId: LONG, createdAt: null } as WixDomain, siteName: LONG }));

    for (const page of [0, 9]) {
      expect(blockKitViolations('message', domainsMessage({ rows, registeredCount: 100, connectedCount: 100, mayBeCut: true, state: { page, query: LONG } }) as never)).toEqual([]);
    }
  });

  it('account pages of 1,000 child accounts', () => {
    const children = Array.from({ length: 1_000 }, (_, i) => ({ id: `${LONG}${i}`, name: LONG, slug: null, isMain: false }));

    for (const page of [0, 39]) {
      const message = accountsMessage({ main: { id: LONG, name: LONG, slug: null, isMain: true }, children, state: { page, query: LONG } });
      expect(blockKitViolations('message', message as never)).toEqual([]);
    }
  });

  it('home tab with many long requests', () => {
    const request = (i: number) => ({ id: `${'r'.repeat(300)}${i}`, summary: LONG.repeat(3), requesterId: 'U0OWNER01', createdAt: new Date(0), expiresAt: null, approvals: 1, required: 2 });
    const requests = Array.from({ length: 500 }, (_, i) => request(i));

    const view = homeView({ summary: { members: 300, pendingInvites: 100, sites: 10_000 }, requests: { own: requests, awaiting: requests, actionIds: { approve: 'a', deny: 'd' } }, isApprover: true, updatedAt: new Date(0), commands: Array.from({ length: 12 }, (_, i) => ({ name: `c${i}`, usage: LONG, summary: LONG })) });

    expect(blockKitViolations('home', view as never)).toEqual([]);
  });

  it('escapes every Wix string', () => {
    const member = worstMember(1, 3);
    const rows = teamRows([member], [], roles);
    const texts = [
      ...mrkdwnTexts(teamMessage({ rows, memberCount: 1, inviteCount: 0, siteTotal: 1, complete: true, state: { page: 0, query: '<!here>' } }).blocks),
      ...mrkdwnTexts(sitesMessage({ sites: [worstSite(1)], total: 1, complete: true, folderNames: new Map(), state: { page: 0, query: '<!here>' } }).blocks),
      ...mrkdwnTexts(whoisMessage(member, memberAccess(member, roles, () => '<!channel>')).blocks),
    ];

    texts.push(whoisMessage(member, []).text);

    expect(texts.length).toBeGreaterThan(5);
    for (const text of texts) {
      expect(text).not.toMatch(/<!(here|channel)>/);
      expect(text).not.toContain('<&>');
    }
  });
});

describe('lists that may be cut', () => {
  it('warns when a domain list reaches the cap', () => {
    const text = JSON.stringify(domainsMessage({ rows: [], registeredCount: 100, connectedCount: 3, mayBeCut: true, state: { page: 0, query: '' } }).blocks);

    expect(text).toContain('The list may be cut');
  });

  it('gives no warning below the cap', () => {
    const text = JSON.stringify(domainsMessage({ rows: [], registeredCount: 99, connectedCount: 3, mayBeCut: false, state: { page: 0, query: '' } }).blocks);

    expect(text).not.toContain('may be cut');
  });

  it('reports no sites against a positive count', () => {
    const text = JSON.stringify(sitesMessage({ sites: [], total: 7, complete: true, folderNames: new Map(), state: { page: 0, query: '' } }).blocks);

    expect(text).toContain('Query Sites returned no sites although Count Sites reports 7 sites');
    expect(text).toContain('The list is incomplete');
    expect(text).not.toContain('The account has no sites');
    expect(text).not.toContain('1,000');
  });

  it('says an empty account has no sites', () => {
    const text = JSON.stringify(sitesMessage({ sites: [], total: 0, complete: true, folderNames: new Map(), state: { page: 0, query: '' } }).blocks);

    expect(text).toContain('The account has no sites');
    expect(text).not.toContain('incomplete');
  });
});
