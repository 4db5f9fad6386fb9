import nock from 'nock';
import { ROLES, WIX_ACCOUNT_ID, WIX_BASE } from './bot.js';

/** State of the fake Wix account. Fields follow the shapes that the gateway reads. */
export interface FakeAccount {
  members: Array<Record<string, unknown>>;
  invites: Array<Record<string, unknown>>;
  sites: Array<Record<string, unknown>>;
  folders: Array<{ id: string; name: string }>;
  registeredDomains: Array<Record<string, unknown>>;
  connectedDomains: Array<Record<string, unknown>>;
  accountName: string;
  childAccounts: Array<{ id: string; name: string }>;
  roles: Array<{ id: string; name: string }>;
}

export interface FakeWix {
  account: FakeAccount;
  /** Every request the fake received: method, path and parsed JSON body. */
  calls: Array<{ method: string; path: string; body: Record<string, unknown> }>;
  /** Overrides the response of one path (status and body), for error and schema tests. */
  override(method: string, path: string, status: number, body: unknown): void;
}

/** Query Sites returns at most this many sites per query, as Wix documents. */
export const FAKE_SITE_CAP = 1000;

/**
 * Starts a stateful Wix account behind nock on WIX_BASE: Search Team, Query/Count Sites (with filters,
 * cursor paging and the 1,000-site cap), Query Folders, domains, accounts and roles.
 */
export function fakeWix(partial: Partial<FakeAccount> = {}, options: { latencyMs?: number } = {}): FakeWix {
  const account: FakeAccount = {
    members: [],
    invites: [],
    sites: [],
    folders: [],
    registeredDomains: [],
    connectedDomains: [],
    accountName: 'Demo Agency',
    childAccounts: [],
    roles: ROLES,
    ...partial,
  };
  const calls: FakeWix['calls'] = [];
  const overrides = new Map<string, [number, unknown]>();

  const answer = (method: string, path: string, body: Record<string, unknown>): [number, unknown] => {
    const route = path.split('?')[0] ?? path;
    calls.push({ method, path, body });
    const override = overrides.get(`${method} ${route}`);
    if (override) return override;
    const url = new URL(WIX_BASE + path);
    if (method === 'POST' && route === '/roles-management/v3/team/search') return [200, searchTeam(account, body)];
    if (method === 'GET' && route === '/roles-management/roles') return [200, { roles: account.roles }];
    if (method === 'POST' && route === '/site-list/v2/sites/query') return [200, querySites(account, body)];
    if (method === 'POST' && route === '/site-list/v2/sites/count') return [200, { count: matchingSites(account, (body.filter ?? {}) as Filter).length }];
    if (method === 'POST' && route === '/site-folders/v2/folders/query') return [200, queryFolders(account, body)];
    if (method === 'GET' && route === '/domains/v1/registered-domains') return [200, { registeredDomains: account.registeredDomains }];
    if (method === 'GET' && route === '/domains/v1/connected-domains') return [200, { connectedDomains: account.connectedDomains }];
    if (method === 'GET' && route === '/domain-search/v2/check-domain-availability') {
      const domain = url.searchParams.get('domain') ?? '';
      return [200, { availability: { domain, available: !domain.startsWith('taken') } }];
    }
    if (method === 'GET' && route === '/accounts/v1/account/child-accounts') {
      const offset = Number(url.searchParams.get('paging.offset') ?? 0);
      const limit = Number(url.searchParams.get('paging.limit') ?? 50);
      const page = account.childAccounts.slice(offset, offset + limit);
      return [200, { childAccountIds: page.map((c) => c.id), pagingMetadata: { total: account.childAccounts.length, hasNext: offset + limit < account.childAccounts.length } }];
    }
    const accountMatch = /^\/accounts\/v1\/accounts\/([^/]+)$/.exec(route);
    if (method === 'GET' && accountMatch) {
      const id = decodeURIComponent(accountMatch[1] ?? '');
      const name = id === WIX_ACCOUNT_ID ? account.accountName : account.childAccounts.find((c) => c.id === id)?.name;
      return name === undefined ? [404, { message: 'account not found' }] : [200, { account: { accountId: id, accountName: name, slug: name.toLowerCase().replace(/\W+/g, '') } }];
    }
    return [404, { message: `fake Wix has no route ${method} ${route}` }];
  };

  const scope = nock(WIX_BASE).persist();
  const latency = options.latencyMs ?? 0;
  scope.post(/.*/).delay(latency).reply((path, body) => answer('POST', path, parse(body)));
  scope.get(/.*/).delay(latency).reply((path) => answer('GET', path, {}));
  return {
    account,
    calls,
    override(method, path, status, body) {
      overrides.set(`${method} ${path}`, [status, body]);
    },
  };
}

type Filter = Record<string, unknown>;

function parse(body: unknown): Record<string, unknown> {
  if (typeof body === 'string') return body ? (JSON.parse(body) as Record<string, unknown>) : {};
  return (body ?? {}) as Record<string, unknown>;
}

function searchTeam(account: FakeAccount, body: Record<string, unknown>) {
  const paging = (body.paging ?? {}) as { limit?: number; offset?: number };
  const offset = paging.offset ?? 0;
  const limit = paging.limit ?? 50;
  const users = account.members.slice(offset, offset + limit);
  return { users, invites: account.invites, pagingMetadata: { total: account.members.length, count: users.length, hasNext: offset + limit < account.members.length } };
}

function matches(site: Record<string, unknown>, filter: Filter): boolean {
  for (const [field, condition] of Object.entries(filter)) {
    if (field === 'searchPhrase') {
      const needle = String(condition).toLowerCase();
      const texts = [site.name, site.displayName, site.viewUrl].map((t) => String(t ?? '').toLowerCase());
      if (!texts.some((text) => text.includes(needle))) return false;
      continue;
    }
    const value = site[field];
    if (condition && typeof condition === 'object') {
      const c = condition as { $in?: unknown[]; $exists?: boolean };
      if (c.$in && !c.$in.includes(value)) return false;
      if (c.$exists === false && value !== undefined && value !== null) return false;
      if (c.$exists === true && (value === undefined || value === null)) return false;
    } else if (value !== condition) {
      return false;
    }
  }
  return true;
}

function matchingSites(account: FakeAccount, filter: Filter): Array<Record<string, unknown>> {
  // Like Wix: without a namespace filter, only WIX sites are returned.
  const effective = 'namespace' in filter ? filter : { ...filter, namespace: 'WIX' };
  return account.sites.filter((site) => matches(site, effective));
}

function querySites(account: FakeAccount, body: Record<string, unknown>) {
  const query = (body.query ?? {}) as { filter?: Filter; cursorPaging?: { limit?: number; cursor?: string } };
  const limit = query.cursorPaging?.limit ?? 50;
  let filter = query.filter ?? {};
  let offset = 0;
  if (query.cursorPaging?.cursor) {
    const state = JSON.parse(Buffer.from(query.cursorPaging.cursor, 'base64url').toString('utf8')) as { filter: Filter; offset: number };
    filter = state.filter;
    offset = state.offset;
  }
  const all = matchingSites(account, filter)
    .sort((a, b) => String(b.createdDate).localeCompare(String(a.createdDate)))
    .slice(0, FAKE_SITE_CAP);
  const sites = all.slice(offset, offset + limit);
  const hasNext = offset + limit < all.length;
  const next = hasNext ? Buffer.from(JSON.stringify({ filter, offset: offset + limit })).toString('base64url') : null;
  return { sites, metadata: { count: sites.length, hasNext, cursors: { next } } };
}

function queryFolders(account: FakeAccount, body: Record<string, unknown>) {
  const paging = ((body.query ?? {}) as { cursorPaging?: { limit?: number; cursor?: string } }).cursorPaging ?? {};
  const offset = paging.cursor ? Number(paging.cursor) : 0;
  const limit = paging.limit ?? 50;
  const folders = account.folders.slice(offset, offset + limit);
  const hasNext = offset + limit < account.folders.length;
  return { folders, metadata: { hasNext, cursors: { next: hasNext ? String(offset + limit) : null } } };
}

/** Builds `count` sites named "Site 1" … with IDs that sort, spread over the options given. */
export function makeSites(count: number, shape: (i: number) => Record<string, unknown> = () => ({}), start = 1): Array<Record<string, unknown>> {
  return Array.from({ length: count }, (_, k) => {
    const i = start + k;
    const id = `5c5c5c5c-0000-4000-8000-${String(i).padStart(12, '0')}`;
    return {
      id,
      name: `site-${i}`,
      displayName: `Site ${i}`,
      createdDate: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
      published: i % 2 === 0,
      premium: i % 3 === 0,
      viewUrl: i % 2 === 0 ? `https://example.wixsite.com/site-${i}` : '',
      editorType: 'STUDIO',
      namespace: 'WIX',
      ...shape(i),
    };
  });
}

/** Builds a team member with Search Team's shape. */
export function makeMember(i: number, options: { first?: string; last?: string; email?: string; assignments?: Array<Record<string, unknown>> } = {}): Record<string, unknown> {
  return {
    id: `7a7a7a7a-0000-4000-8000-${String(i).padStart(12, '0')}`,
    email: options.email ?? `member${i}@example.com`,
    name: { firstName: options.first ?? `Member`, lastName: options.last ?? `${i}` },
    joinedTeamAt: '2026-06-01T09:00:00.000Z',
    assignments: options.assignments ?? [],
  };
}

/** Builds an assignment of a role on one site, or on the whole account when siteId is null. */
export function assignment(roleId: string, siteId: string | null, id = `${roleId}-${siteId ?? 'account'}`): Record<string, unknown> {
  return {
    id,
    policyId: roleId,
    fullNameResource: siteId ? { siteContext: { metasiteId: siteId } } : { accountContext: { accountId: WIX_ACCOUNT_ID } },
  };
}
