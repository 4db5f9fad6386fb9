import { z } from 'zod';
import type { WixHttp } from './http.js';

export const wixSiteSchema = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  displayName: z.string().optional(),
  createdDate: z.string().optional(),
  updatedDate: z.string().optional(),
  published: z.boolean().optional(),
  premium: z.boolean().optional(),
  viewUrl: z.string().optional(),
  editUrl: z.string().optional(),
  ownerAccountId: z.string().optional(),
  editorType: z.string().optional(),
  folderId: z.string().nullable().optional(),
  namespace: z.string().optional(),
  domainConnected: z.boolean().optional(),
  blocked: z.boolean().optional(),
});

export type WixSite = z.output<typeof wixSiteSchema>;

/** The name people see: displayName, else the URL slug, else the ID. */
export function siteLabel(site: WixSite): string {
  return site.displayName || site.name || site.id;
}

const querySitesResponseSchema = z.looseObject({
  sites: z.array(wixSiteSchema).default([]),
  // Wix's current docs page with metadata.cursors.next and hasNext; the older reference shows a
  // cursorPaging object, so both are read.
  metadata: z
    .looseObject({
      hasNext: z.boolean().optional(),
      cursors: z.looseObject({ next: z.string().nullable().optional() }).optional(),
      count: z.number().optional(),
      total: z.number().optional(),
    })
    .optional(),
  pagingMetadata: z
    .looseObject({
      hasNext: z.boolean().optional(),
      cursors: z.looseObject({ next: z.string().nullable().optional() }).optional(),
    })
    .optional(),
  cursorPaging: z.looseObject({ cursor: z.string().nullable().optional() }).optional(),
});

/**
 * The namespaces queried. Without a namespace filter Query Sites returns only WIX sites and
 * silently omits headless ones.
 * NOTE: Wix documents WIX and HEADLESS; other project kinds (branded apps, Vibe sites) may use
 * namespaces whose enum values are not published, and sites in those would still be missing.
 */
export const ALL_SITE_NAMESPACES = ['WIX', 'HEADLESS'];

export interface QuerySitesOptions {
  /** Searches name, display name and domains. */
  searchPhrase?: string;
  ids?: string[];
  /**
   * More filter fields, such as `folderId`, `published`, `premium` or `namespace`; they replace
   * the default fields of the same name.
   */
  filter?: Record<string, unknown>;
  /** Stop after this many sites (Query Sites returns at most 1,000 in total). */
  max?: number;
  /** Account whose sites are queried (the wix-account-id header); the bot's own account by default. */
  accountId?: string;
}

export interface SiteList {
  sites: WixSite[];
  /** False when Wix stopped before the end (the 1,000-site cap, or `max`). */
  complete: boolean;
  requestId: string | null;
}

const PAGE_SIZE = 100;

/** Query Sites returns at most this many sites for one query, however far the cursor is followed. */
export const SITE_QUERY_CAP = 1000;

/**
 * Query Sites across every namespace, following the cursor to the end so that no site is
 * silently missing. Follow-up pages send only the cursor, which carries filter and sort.
 */
export async function querySites(wix: WixHttp, options: QuerySitesOptions = {}): Promise<SiteList> {
  const max = options.max ?? SITE_QUERY_CAP;
  const filter: Record<string, unknown> = { namespace: { $in: ALL_SITE_NAMESPACES } };
  if (options.searchPhrase) filter.searchPhrase = options.searchPhrase;
  if (options.ids) filter.id = { $in: options.ids };
  Object.assign(filter, options.filter);

  const sites: WixSite[] = [];
  let cursor: string | null = null;
  let requestId: string | null = null;
  for (let page = 0; page < 20; page++) {
    const query: Record<string, unknown> = cursor
      ? { cursorPaging: { limit: PAGE_SIZE, cursor } }
      : { filter, sort: [{ fieldName: 'createdDate', order: 'DESC' }], cursorPaging: { limit: PAGE_SIZE } };
    const result = await wix.request({
      operation: 'Query Sites',
      method: 'POST',
      path: '/site-list/v2/sites/query',
      body: { query },
      response: querySitesResponseSchema,
      kind: 'read',
      ...(options.accountId ? { accountId: options.accountId } : {}),
    });
    requestId = result.requestId;
    sites.push(...result.data.sites);
    const metadata = result.data.metadata ?? result.data.pagingMetadata;
    const next = metadata?.cursors?.next ?? result.data.cursorPaging?.cursor ?? null;
    const hasNext = metadata?.hasNext ?? Boolean(next);
    if (sites.length >= max) return { sites: sites.slice(0, max), complete: !hasNext && sites.length === max, requestId };
    if (!hasNext || !next) return { sites, complete: true, requestId };
    cursor = next;
  }
  return { sites, complete: false, requestId };
}

const countSitesResponseSchema = z.looseObject({ count: z.number().int().nonnegative() });

/** Count Sites across every namespace. */
export async function countSites(wix: WixHttp, searchPhrase?: string): Promise<number> {
  const filter: Record<string, unknown> = { namespace: { $in: ALL_SITE_NAMESPACES } };
  if (searchPhrase) filter.searchPhrase = searchPhrase;
  const { data } = await wix.request({
    operation: 'Count Sites',
    method: 'POST',
    path: '/site-list/v2/sites/count',
    body: { filter },
    response: countSitesResponseSchema,
    kind: 'read',
  });
  return data.count;
}
