import nock from 'nock';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { AmbiguousError, NotFoundError, UsageError } from '../../../src/lib/errors.js';
import { resolveRole, resolveSites } from '../../../src/lib/invites/resolve.js';
import { CachedIndex } from '../../../src/lib/pickers/cached-index.js';
import { WixHttp } from '../../../src/lib/wix/http.js';
import type { WixRole } from '../../../src/lib/wix/roles.js';
import type { WixSite } from '../../../src/lib/wix/sites.js';
import { ROLES, WIX_ACCOUNT_ID, WIX_API_KEY, WIX_BASE } from '../../helpers/bot.js';
import { SITES } from '../../helpers/wix-invites.js';

const logger = pino({ level: 'silent' });

function roleIndex(roles: WixRole[]): CachedIndex<WixRole> {
  return new CachedIndex({ name: 'roles', load: async () => roles, id: (role) => role.id, searchText: (role) => [role.name], ttlMs: 60_000, logger });
}

function siteIndex(sites: WixSite[]): CachedIndex<WixSite> {
  return new CachedIndex({ name: 'sites', load: async () => sites, id: (site) => site.id, searchText: (site) => [site.displayName ?? ''], ttlMs: 60_000, logger });
}

function wixRole(id: string, name: string): WixRole {
  return { id, name, description: '', isCustom: false, level: null };
}

const wix = new WixHttp({ apiKey: WIX_API_KEY, accountId: WIX_ACCOUNT_ID, baseUrl: WIX_BASE, logger, retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection, but the promise resolved');
    },
    (error: unknown) => error,
  );
}

describe('resolveRole', () => {
  const roles = roleIndex(ROLES.map((role) => wixRole(role.id, role.name)));

  it('resolves a name in any case', async () => {
    expect(await resolveRole(roles, 'billing MANAGER')).toEqual({ id: ROLES[3]!.id, name: 'Billing Manager' });
  });

  it('resolves an ID', async () => {
    expect(await resolveRole(roles, ROLES[2]!.id)).toEqual({ id: ROLES[2]!.id, name: 'Co-Owner' });
  });

  it('lists the roles when none is given', async () => {
    const error = await rejection(resolveRole(roles, undefined));

    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).userMessage).toBe('Choose the role to invite as. Roles of this Wix account: Website Manager, Website Designer, Co-Owner, Billing Manager.');
    expect((error as UsageError).usage).toBe('Add --role ROLE, for example --role "Website Manager".');
  });

  it('cuts a long role list short', async () => {
    const many = roleIndex(Array.from({ length: 40 }, (_, i) => wixRole(`r${i}`, `Role ${i}`)));

    const error = await rejection(resolveRole(many, ' '));

    expect((error as UsageError).userMessage).toContain('Role 29 and 10 more.');
    expect((error as UsageError).userMessage).not.toContain('Role 30');
  });

  it('rejects an unknown role', async () => {
    expect(await rejection(resolveRole(roles, 'Astronaut'))).toBeInstanceOf(NotFoundError);
  });
});

describe('resolveSites', () => {
  const sites = siteIndex(SITES);

  it('returns no sites for no queries', async () => {
    expect(await resolveSites(wix, sites, [])).toEqual([]);
  });

  it('resolves names and IDs and drops repeats', async () => {
    const resolved = await resolveSites(wix, sites, ['main shop', SITES[0]!.id, 'BLOG']);

    expect(resolved).toEqual([
      { id: SITES[0]!.id, name: 'Main Shop' },
      { id: SITES[1]!.id, name: 'Blog' },
    ]);
  });

  it('rejects an ambiguous name', async () => {
    const twins = siteIndex([...SITES, { id: 'other', displayName: 'Blog' }]);

    expect(await rejection(resolveSites(wix, twins, ['blog']))).toBeInstanceOf(AmbiguousError);
  });

  it('rejects an unknown ID that Wix does not know either', async () => {
    const unknownId = '5c5c5c5c-0000-4000-8000-0000000000ee';
    const lookup = nock(WIX_BASE).post('/site-list/v2/sites/query').reply(200, { sites: [] });

    const error = await rejection(resolveSites(wix, sites, [unknownId]));

    expect(lookup.isDone()).toBe(true);
    expect(error).toBeInstanceOf(NotFoundError);
  });

  it('does not query Wix for an unknown name', async () => {
    const error = await rejection(resolveSites(wix, sites, ['Nowhere']));

    expect(error).toBeInstanceOf(NotFoundError);
  });
});
