import type { Account, Assignment, ConnectedDomain, Folder, Invite, Member, RegisteredDomain, Role, Site, WixState } from './model.js';
import { SeededRandom } from './random.js';

/**
 * The demo agency: a fictional web studio with two child accounts, a dozen team members, pending
 * invites, about 120 sites in folders and two namespaces, some with paid plans, and domains.
 * Every name is invented and every email is at example.com. The same seed gives the same data.
 */

export const DEMO_ACCOUNT_ID = '5b1d7c8e-2f4a-4c6b-9e3d-0a1b2c3d4e5f';
export const DEMO_CHILD_ACCOUNT_IDS = ['6c2e8d9f-3a5b-4d7c-8f4e-1b2c3d4e5f60', '7d3f9e0a-4b6c-4e8d-9a5f-2c3d4e5f6071'] as const;
/** An account that exists but is not in the demo family, so transfers to it are refused. */
export const UNRELATED_ACCOUNT_ID = '8e4a0f1b-5c7d-4f9e-8b6a-3d4e5f607182';

const PLACES = ['Blue Fern', 'Copper Kettle', 'Quiet Harbor', 'North Pine', 'Saffron', 'Little Oak', 'Silver Birch', 'Maple Row', 'Red Lantern', 'Golden Field', 'Stone Bridge', 'Cedar Hill', 'Willow Creek', 'Sunny Side', 'Old Mill', 'Juniper', 'Harvest Moon', 'Bright Path', 'Ocean Breeze', 'Iron Gate'];
const TRADES = ['Yoga', 'Bakery', 'Dental', 'Law Office', 'Florist', 'Books', 'Cafe', 'Fitness', 'Gallery', 'Plumbing', 'Photography', 'Vet Clinic', 'Winery', 'Bike Shop', 'Tutoring', 'Architects'];
const HEADLESS_KINDS = ['Storefront', 'Mobile App', 'Booking API', 'Member Portal'];

const PEOPLE: Array<[string, string]> = [
  ['Maya', 'Lindqvist'],
  ['Jonah', 'Okafor'],
  ['Priya', 'Raman'],
  ['Tomás', 'Ferreira'],
  ['Hana', 'Sato'],
  ['Leo', 'Brandt'],
  ['Amara', 'Nwosu'],
  ['Felix', 'Moreau'],
  ['Ines', 'Carvalho'],
  ['Owen', 'Gallagher'],
  ['Zara', 'Haddad'],
  ['Kofi', 'Mensah'],
];

const DAY_MS = 86_400_000;
const SEED_EPOCH = Date.parse('2023-01-09T09:00:00.000Z');

function slugify(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function isoDay(day: number, random: SeededRandom): string {
  return new Date(SEED_EPOCH + day * DAY_MS + random.int(8 * 3_600_000)).toISOString();
}

function roleList(random: SeededRandom): Role[] {
  const predefined: Array<[string, string, Role['level']]> = [
    ['Owner', 'Full control of the account, including billing and deleting it.', 'ACCOUNT'],
    ['Co-Owner', 'Everything the owner can do except transferring ownership.', 'ACCOUNT'],
    ['Website Manager', 'Manages site settings, apps and content.', 'SITE'],
    ['Website Designer', 'Edits and publishes sites.', 'SITE'],
    ['Back Office Manager', 'Manages the business side of a site: orders, bookings and contacts.', 'SITE'],
    ['Billing Manager', 'Sees invoices and manages payment methods.', 'ACCOUNT'],
  ];
  const custom: Array<[string, string, Role['level']]> = [
    ['Client Success Lead', 'Custom role: talks to clients and manages their site content.', 'SITE'],
    ['SEO Specialist', 'Custom role: edits SEO settings and reads site analytics.', 'SITE'],
  ];
  return [
    ...predefined.map(([name, description, level]) => ({ id: random.uuid(), name, description, level, isCustom: false })),
    ...custom.map(([name, description, level]) => ({ id: random.uuid(), name, description, level, isCustom: true })),
  ];
}

function siteList(random: SeededRandom, folders: Folder[]): Site[] {
  const names = new Set<string>();
  const sites: Site[] = [];
  const owners: Array<[string, number, number]> = [
    // account, WIX sites, HEADLESS sites
    [DEMO_ACCOUNT_ID, 86, 14],
    [DEMO_CHILD_ACCOUNT_IDS[0], 11, 1],
    [DEMO_CHILD_ACCOUNT_IDS[1], 8, 0],
  ];
  for (const [ownerAccountId, wixCount, headlessCount] of owners) {
    const ownFolders = folders.filter((folder) => folder.accountId === ownerAccountId);
    for (let i = 0; i < wixCount + headlessCount; i++) {
      const headless = i >= wixCount;
      let displayName: string;
      do {
        const business = `${random.pick(PLACES)} ${random.pick(TRADES)}`;
        displayName = headless ? `${business} ${random.pick(HEADLESS_KINDS)}` : business;
      } while (names.has(displayName));
      names.add(displayName);
      const created = random.int(1400);
      const published = headless || random.next() < 0.8;
      const name = slugify(displayName);
      const id = random.uuid();
      sites.push({
        id,
        name,
        displayName,
        createdDate: isoDay(created, random),
        updatedDate: isoDay(Math.min(1420, created + random.int(300)), random),
        published,
        premium: !headless && random.next() < 0.12,
        viewUrl: published && !headless ? `https://sites.example.com/${name}` : '',
        editUrl: `/dashboard/${id}`,
        ownerAccountId,
        contributorAccountIds: [],
        editorType: headless ? 'EDITORLESS' : random.pick(['EDITOR', 'EDITOR', 'STUDIO'] as const),
        blocked: false,
        folderId: ownFolders.length > 0 && random.next() < 0.75 ? random.pick(ownFolders).id : null,
        namespace: headless ? 'HEADLESS' : 'WIX',
        domainConnected: false,
        state: 'ACTIVE',
      });
    }
  }
  return sites;
}

function teamOf(random: SeededRandom, roles: Role[], sites: Site[]): { members: Member[]; invites: Invite[] } {
  const role = (name: string) => roles.find((r) => r.name === name)!;
  const mainSites = sites.filter((site) => site.ownerAccountId === DEMO_ACCOUNT_ID);
  const onAccount = (policyId: string): Assignment => ({ id: random.uuid(), policyId, fullNameResource: { accountContext: { accountId: DEMO_ACCOUNT_ID } } });
  const onSite = (policyId: string): Assignment => ({ id: random.uuid(), policyId, fullNameResource: { siteContext: { metasiteId: random.pick(mainSites).id } } });
  const plans: Array<() => Assignment[]> = [
    () => [onAccount(role('Owner').id)],
    () => [onAccount(role('Co-Owner').id)],
    () => [onAccount(role('Website Manager').id)],
    () => [onAccount(role('Website Designer').id)],
    () => [onSite(role('Website Designer').id), onSite(role('Website Designer').id), onSite(role('Website Designer').id)],
    () => [onAccount(role('Billing Manager').id)],
    () => [onSite(role('Back Office Manager').id), onSite(role('Back Office Manager').id)],
    () => [onAccount(role('Client Success Lead').id)],
    () => [onSite(role('SEO Specialist').id), onSite(role('SEO Specialist').id), onSite(role('SEO Specialist').id), onSite(role('SEO Specialist').id)],
    () => [onSite(role('Website Manager').id), onSite(role('Website Designer').id)],
    () => [onAccount(role('Website Designer').id)],
    () => [onSite(role('Website Manager').id)],
  ];
  const members = PEOPLE.map(([firstName, lastName], index): Member => ({
    id: random.uuid(),
    accountId: DEMO_ACCOUNT_ID,
    email: `${slugify(firstName)}.${slugify(lastName)}@example.com`,
    firstName,
    lastName,
    joinedTeamAt: isoDay(index * 90 + random.int(60), random),
    isAccountOwner: index === 0,
    assignments: plans[index]!(),
  }));
  const owner = members[0]!;
  const invite = (email: string, roleName: string, siteCount: number, day: number): Invite => {
    const policyId = role(roleName).id;
    const resources = siteCount === 0 ? [{ fullNameResource: { accountContext: { accountId: DEMO_ACCOUNT_ID } } }] : Array.from({ length: siteCount }, () => ({ fullNameResource: { siteContext: { metasiteId: random.pick(mainSites).id } } }));
    const created = isoDay(day, random);
    const id = random.uuid();
    return {
      id,
      accountId: DEMO_ACCOUNT_ID,
      email,
      status: 'Pending',
      policyIds: [policyId],
      assignments: [{ policyId, assignments: resources }],
      acceptLink: `https://invites.example.com/accept/${id}`,
      inviterAccountId: owner.id,
      dateCreated: created,
      dateUpdated: created,
      expirationDate: new Date(Date.parse(created) + 30 * DAY_MS).toISOString(),
    };
  };
  const invites = [invite('new.designer@example.com', 'Website Designer', 2, 1405), invite('bookkeeper@example.com', 'Billing Manager', 0, 1410), invite('seo.contractor@example.com', 'SEO Specialist', 3, 1412)];
  return { members, invites };
}

function domainsOf(random: SeededRandom, sites: Site[]): { registered: RegisteredDomain[]; connected: ConnectedDomain[] } {
  const mainSites = sites.filter((site) => site.ownerAccountId === DEMO_ACCOUNT_ID && site.namespace === 'WIX');
  const premium = mainSites.filter((site) => site.premium);
  const registered = premium.slice(0, 6).map((site, index): RegisteredDomain => {
    site.domainConnected = true;
    const created = isoDay(900 + index * 40, random);
    const domain = `${site.name.replace(/-/g, '')}.example`;
    return { id: domain, domain, accountId: DEMO_ACCOUNT_ID, productInstanceId: random.uuid(), registrationStatus: index === 5 ? 'PENDING_REGISTRATION' : 'ACTIVE', siteInfo: { siteId: site.id }, createdDate: created, updatedDate: created, revision: '1' };
  });
  const connected = mainSites
    .filter((site) => !site.domainConnected && site.published)
    .slice(0, 5)
    .map((site, index): ConnectedDomain => {
      site.domainConnected = true;
      const created = isoDay(1000 + index * 50, random);
      const domain = `${index % 2 === 0 ? 'www' : 'shop'}.${site.name}.example`;
      return { id: domain, domain, accountId: DEMO_ACCOUNT_ID, connectionType: index % 2 === 0 ? 'POINTING' : 'NAMESERVERS', dnsPropagationStatus: index === 4 ? 'IN_PROGRESS' : 'COMPLETED', siteInfo: { siteId: site.id }, suppressNotifications: false, createdDate: created, updatedDate: created };
    });
  // Newest first, as Wix lists them.
  registered.reverse();
  connected.reverse();
  return { registered, connected };
}

/** Builds a fresh copy of the demo agency. */
export function createDemoState(seed = 20261204): WixState {
  const random = new SeededRandom(seed);
  const accounts: Account[] = [
    { accountId: DEMO_ACCOUNT_ID, accountName: 'Harborlight Studio', slug: 'harborlight', parentAccountId: null, createdDate: isoDay(0, random) },
    { accountId: DEMO_CHILD_ACCOUNT_IDS[0], accountName: 'Harborlight Retail Clients', slug: 'harborlight-retail', parentAccountId: DEMO_ACCOUNT_ID, createdDate: isoDay(200, random) },
    { accountId: DEMO_CHILD_ACCOUNT_IDS[1], accountName: 'Harborlight Nonprofits', slug: 'harborlight-nonprofits', parentAccountId: DEMO_ACCOUNT_ID, createdDate: isoDay(400, random) },
    { accountId: UNRELATED_ACCOUNT_ID, accountName: 'Quarry Lane Media', slug: 'quarrylane', parentAccountId: null, createdDate: isoDay(10, random) },
  ];
  const folders: Folder[] = ['Clients 2025', 'Clients 2026', 'Internal', 'Templates'].map((name, index) => ({ id: random.uuid(), accountId: DEMO_ACCOUNT_ID, name, parentId: 'root', createdDate: isoDay(index * 100, random) }));
  folders.push({ id: random.uuid(), accountId: DEMO_CHILD_ACCOUNT_IDS[0], name: 'Shops', parentId: 'root', createdDate: isoDay(210, random) });
  const roles = roleList(random);
  const sites = siteList(random, folders);
  const { members, invites } = teamOf(random, roles, sites);
  const { registered, connected } = domainsOf(random, sites);
  return { mainAccountId: DEMO_ACCOUNT_ID, accounts, roles, members, invites, sites, folders, registeredDomains: registered, connectedDomains: connected };
}
