import type { KnownBlock } from '@slack/types';
import type { WixDomain } from '../lib/wix/domains.js';
import { dashboardUrl, link, plural, safe } from './format.js';
import { pageSlice, pagingBlocks, type PageState } from './list-paging.js';
import type { SlackMessage } from './messages.js';

/** Base action_id of the domain list's Previous/Next buttons. */
export const DOMAINS_PAGE_ACTION = 'domains_page';

/** Domains per page; 20 sections of at most about 450 characters stay under 12k. */
export const DOMAINS_PAGE_SIZE = 20;

/** A domain with the name of the site it serves, looked up in the site index. */
export interface DomainRow {
  domain: WixDomain;
  siteName: string | null;
}

export interface DomainListInput {
  rows: DomainRow[];
  registeredCount: number;
  connectedCount: number;
  /** True when Wix returned its maximum of 100 registered or connected domains, so more may exist. */
  mayBeCut: boolean;
  state: PageState;
}

/** `/wix domains`: registered and connected domains with status and site, paged. */
export function domainsMessage(input: DomainListInput): SlackMessage {
  const slice = pageSlice(input.rows, input.state.page, DOMAINS_PAGE_SIZE);
  const state = { ...input.state, page: slice.page };
  const totals = `${plural(input.registeredCount, 'registered domain')} · ${plural(input.connectedCount, 'connected domain')}`;
  const filter = input.state.query ? ` · ${plural(input.rows.length, 'match', 'matches')} for “${safe(input.state.query, 100)}”` : '';
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Wix domains' } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: totals + filter }] },
  ];
  if (input.mayBeCut) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: ':warning: The list may be cut: Wix returns at most 100 registered and 100 connected domains, and one of the lists reached that number.' }] });
  }
  if (slice.items.length === 0) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: input.state.query ? 'No domain matches.' : 'The account has no registered or connected domains.' } });
  }
  for (const row of slice.items) blocks.push(domainBlock(row));
  blocks.push(...pagingBlocks(DOMAINS_PAGE_ACTION, state, slice.pageCount, 'domains', { offset: slice.offset, shown: slice.items.length, total: input.rows.length }));
  return { text: `Wix domains: ${totals}`, blocks };
}

function domainBlock({ domain, siteName }: DomainRow): KnownBlock {
  const kind = domain.kind === 'registered' ? 'registered with Wix' : 'connected (registered elsewhere)';
  const status = domain.status ? safe(domain.status, 60) : 'unknown';
  const site = domain.siteId ? link(dashboardUrl(domain.siteId), siteName ?? `site ${domain.siteId}`) : '_no site_';
  const text = `*${safe(domain.domain, 150)}* · ${kind}\nStatus: ${status} · serves ${site}`;
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

/** `/wix domains check NAME`: whether the domain can be registered. */
export function domainAvailabilityMessage(domain: string, available: boolean): SlackMessage {
  const name = safe(domain, 100);
  const text = available ? `:white_check_mark: *${name}* is available to register.` : `:no_entry: *${name}* is not available.`;
  return { text: text.replace(/[*:]/g, '').trim(), blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}
