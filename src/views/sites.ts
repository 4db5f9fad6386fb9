import type { KnownBlock } from '@slack/types';
import { siteLabel, type WixSite } from '../lib/wix/sites.js';
import { plural, dashboardUrl, link, safe, wixDate } from './format.js';
import { pageSlice, pagingBlocks, type PageState } from './list-paging.js';
import type { SlackMessage } from './messages.js';

/** Base action_id of the site list's Previous/Next buttons. */
export const SITES_PAGE_ACTION = 'sites_page';

/** Sites per page. 10 rows of at most about 850 characters stay under 12k. */
export const SITES_PAGE_SIZE = 10;

export interface SiteListInput {
  sites: WixSite[];
  /** Count Sites' total for the same search, across every namespace; null when it failed. */
  total: number | null;
  /** False when Wix stopped before the end, so sites may be missing from `sites`. */
  complete: boolean;
  /** Folder names by folder ID; a folder not in the map is shown by its ID. */
  folderNames: Map<string, string>;
  state: PageState;
}

/** `/wix sites`: one page of sites with totals, an incomplete-list warning and paging. */
export function sitesMessage(input: SiteListInput): SlackMessage {
  const slice = pageSlice(input.sites, input.state.page, SITES_PAGE_SIZE);
  const state = { ...input.state, page: slice.page };
  const search = input.state.query ? ` matching “${safe(input.state.query, 100)}”` : '';
  const totals = input.total === null ? `${plural(input.sites.length, 'site')} listed${search}` : `${plural(input.total, 'site')}${search} (Count Sites, every namespace)`;
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Wix sites' } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: totals }] },
  ];
  const missing = input.total !== null && input.total > input.sites.length;
  // Query Sites returning nothing while Count Sites counts some is a Wix fault, not the 1,000 cap.
  const noneReturned = input.sites.length === 0 && input.total !== null && input.total > 0;
  if (noneReturned) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `:warning: The list is incomplete: Query Sites returned no sites although Count Sites reports ${plural(input.total ?? 0, 'site')}. Try again in a minute.` }],
    });
  } else if (!input.complete || missing) {
    blocks.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: `:warning: The list is incomplete: ${input.sites.length} of ${input.total ?? 'more'} sites could be read, because Wix returns at most 1,000 sites per query. Narrow the search to see the rest.` }],
    });
  }
  if (slice.items.length === 0 && !noneReturned) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: input.state.query ? 'No site matches. Search by site name or domain.' : 'The account has no sites.' } });
  }
  for (const site of slice.items) blocks.push(siteBlock(site, input.folderNames));
  blocks.push(...pagingBlocks(SITES_PAGE_ACTION, state, slice.pageCount, 'sites', { offset: slice.offset, shown: slice.items.length, total: input.sites.length }));
  return { text: `Wix sites: ${totals.replace(/[*_]/g, '')}`, blocks };
}

function siteBlock(site: WixSite, folderNames: Map<string, string>): KnownBlock {
  const url = site.viewUrl ? link(site.viewUrl, site.viewUrl, 80) : '_no published URL_';
  const folder = site.folderId ? safe(folderNames.get(site.folderId) ?? site.folderId, 100) : 'none';
  const facts = [
    `published: ${yesNo(site.published)}`,
    `premium: ${yesNo(site.premium)}`,
    `editor: ${safe(site.editorType ?? 'unknown', 30)}`,
    `folder: ${folder}`,
    `created ${wixDate(site.createdDate)}`,
  ];
  if (site.namespace && site.namespace !== 'WIX') facts.push(`namespace: ${safe(site.namespace, 30)}`);
  const text = `*${safe(siteLabel(site), 150)}* · ${url}\n${facts.join(' · ')}\n${link(dashboardUrl(site.id), 'Open in the Wix dashboard')}`;
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

function yesNo(value: boolean | undefined): string {
  if (value === undefined) return 'unknown';
  return value ? 'yes' : 'no';
}
