import type { Logger } from 'pino';
import type { CachedIndex } from '../pickers/cached-index.js';
import type { PickerIndexes } from '../pickers/indexes.js';
import type { WixHttp } from '../wix/http.js';
import { DOMAIN_LIST_CAP, listConnectedDomains, listRegisteredDomains, type WixDomain } from '../wix/domains.js';
import { queryFolders } from '../wix/folders.js';
import { SITE_QUERY_CAP, countSites, querySites, siteLabel, type WixSite } from '../wix/sites.js';
import { searchTeam } from '../wix/team.js';
import { filterTeamRows, teamRows, type TeamRow } from './team.js';

export interface TeamList {
  rows: TeamRow[];
  memberCount: number;
  inviteCount: number;
  siteTotal: number | null;
  complete: boolean;
}

/**
 * Reads the team from Search Team (fresh, not cached) with role names from the role index, and
 * keeps the rows matching `query`. The site total is only decoration, so its failure gives null.
 */
export async function loadTeamList(wix: WixHttp, pickers: PickerIndexes, query: string, log: Logger): Promise<TeamList> {
  const [team, roles, siteTotal] = await Promise.all([
    searchTeam(wix),
    pickers.roles.items(),
    countSites(wix).catch((error: unknown) => {
      log.warn({ err: error }, 'site count failed; team list shows no total');
      return null;
    }),
  ]);
  const rows = filterTeamRows(teamRows(team.members, team.invites, roles), query);
  return { rows, memberCount: team.members.length, inviteCount: team.invites.length, siteTotal, complete: team.complete };
}

export interface SiteListing {
  sites: WixSite[];
  total: number;
  complete: boolean;
  folderNames: Map<string, string>;
}

/**
 * Lists the sites matching `query` (name, display name or domain) across every namespace, with
 * Count Sites' total. Query Sites is followed to the end of its cursor. When it stops at its
 * 1,000-site cap, the list comes from the site index, which reads the account in partitions.
 */
export async function listSites(wix: WixHttp, index: CachedIndex<WixSite>, query: string, log: Logger): Promise<SiteListing> {
  const searchPhrase = query.trim() || undefined;
  const [total, live] = await Promise.all([countSites(wix, searchPhrase), querySites(wix, searchPhrase ? { searchPhrase } : {})]);
  let sites = live.sites;
  let complete = live.complete && live.sites.length < SITE_QUERY_CAP;
  if (!complete) {
    const indexed = searchPhrase ? (await index.search(searchPhrase, Number.MAX_SAFE_INTEGER)).items : await index.items();
    if (indexed.length > sites.length) sites = indexed;
    complete = index.complete && sites.length >= total;
  }
  return { sites, total, complete, folderNames: await folderNames(wix, sites, log) };
}

async function folderNames(wix: WixHttp, sites: WixSite[], log: Logger): Promise<Map<string, string>> {
  if (!sites.some((site) => site.folderId)) return new Map();
  try {
    const { folders } = await queryFolders(wix);
    return new Map(folders.map((folder) => [folder.id, folder.name]));
  } catch (error) {
    // Folder names are decoration: the list is still right with folder IDs.
    log.warn({ err: error }, 'folder names unavailable; sites show folder IDs');
    return new Map();
  }
}

export interface DomainListing {
  rows: Array<{ domain: WixDomain; siteName: string | null }>;
  registeredCount: number;
  connectedCount: number;
  /** True when either list reached Wix's cap of 100, so domains beyond it may be missing. */
  mayBeCut: boolean;
}

/** Registered and connected domains whose name contains `query`, with site names. */
export async function listDomains(wix: WixHttp, sitesIndex: CachedIndex<WixSite>, query: string, log: Logger): Promise<DomainListing> {
  const [registered, connected] = await Promise.all([listRegisteredDomains(wix), listConnectedDomains(wix)]);
  const needle = query.trim().toLowerCase();
  const all = [...registered, ...connected].filter((domain) => !needle || domain.domain.toLowerCase().includes(needle));
  all.sort((a, b) => a.domain.localeCompare(b.domain));
  const names = await siteNames(wix, sitesIndex, all.map((domain) => domain.siteId).filter((id): id is string => id !== null), log);
  const rows = all.map((domain) => ({ domain, siteName: domain.siteId ? (names.get(domain.siteId) ?? null) : null }));
  const mayBeCut = registered.length >= DOMAIN_LIST_CAP || connected.length >= DOMAIN_LIST_CAP;
  return { rows, registeredCount: registered.length, connectedCount: connected.length, mayBeCut };
}

/** Query Sites accepts this many IDs in one `id: { $in }` filter here (one page). */
const IDS_PER_QUERY = 100;

/**
 * Returns the names of the given sites, from the site index once it is loaded. Before its first
 * load finishes, which takes many calls for a large account, the sites are read by ID instead.
 * Names are decoration, so a failure is logged and the sites are shown by ID.
 */
export async function siteNames(wix: WixHttp, index: CachedIndex<WixSite>, ids: string[], log: Logger): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const unique = [...new Set(ids)];
  if (unique.length === 0) return names;
  try {
    if (index.loaded) {
      for (const id of unique) {
        const site = await index.get(id);
        if (site) names.set(id, siteLabel(site));
      }
      return names;
    }
    for (let start = 0; start < unique.length; start += IDS_PER_QUERY) {
      const { sites } = await querySites(wix, { ids: unique.slice(start, start + IDS_PER_QUERY) });
      for (const site of sites) names.set(site.id, siteLabel(site));
    }
  } catch (error) {
    log.warn({ err: error, sites: unique.length }, 'site names unavailable; sites shown by ID');
  }
  return names;
}

/** Maximum length of a domain name without the trailing dot, and of one label, per RFC 1035. */
const MAX_DOMAIN_LENGTH = 253;
const MAX_LABEL_LENGTH = 63;

/**
 * Checks a domain name before asking Wix about it. A valid name has at most 253 characters and one
 * optional trailing dot. It uses only ASCII letters, digits, hyphens and dots, so other scripts
 * must be in punycode. Its labels have 1 to 63 characters and neither start nor end with a hyphen,
 * and its top-level domain is letters or punycode. Returns the problem, or null when valid.
 */
export function domainNameProblem(name: string): string | null {
  const bare = name.endsWith('.') ? name.slice(0, -1) : name;
  const quoted = bare.slice(0, 80);
  if (bare.length === 0) return 'The domain name is empty.';
  if (bare.length > MAX_DOMAIN_LENGTH) return `"${quoted}…" has ${bare.length} characters; a domain has at most ${MAX_DOMAIN_LENGTH}.`;
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(bare)) return `"${quoted}" contains non-ASCII characters; give the name in punycode (xn--…), as your registrar shows it.`;
  if (!/^[A-Za-z0-9.-]+$/.test(bare)) return `"${quoted}" may contain only letters, digits, hyphens and dots.`;
  const labels = bare.split('.');
  if (labels.length < 2) return `"${quoted}" has no top-level domain; add one, for example ${quoted}.com.`;
  if (labels.some((label) => label.length === 0)) return `"${quoted}" has an empty part between dots.`;
  if (labels.some((label) => label.length > MAX_LABEL_LENGTH)) return `"${quoted}" has a part longer than ${MAX_LABEL_LENGTH} characters.`;
  if (labels.some((label) => label.startsWith('-') || label.endsWith('-'))) return `"${quoted}" has a part that starts or ends with a hyphen.`;
  const tld = labels[labels.length - 1] ?? '';
  if (!/^[A-Za-z]{2,}$/.test(tld) && !/^xn--[A-Za-z0-9-]+$/i.test(tld)) return `"${quoted}" ends in ".${tld}", which is not a top-level domain.`;
  return null;
}
