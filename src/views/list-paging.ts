import type { KnownBlock } from '@slack/types';

/** State carried by a Previous/Next button: only the page and the query, validated again on click. */
export interface PageState {
  page: number;
  query: string;
}

/** Maximum query length a page button carries. Longer queries are cut before they are stored. */
export const PAGE_QUERY_MAX = 200;

/** Highest page number a button may ask for. */
export const PAGE_MAX = 10_000;

export interface PageSlice<T> {
  items: T[];
  /** Zero-based page actually shown, clamped to the last page. */
  page: number;
  pageCount: number;
  /** Index of the first item shown within the whole list. */
  offset: number;
}

/** Cuts one page out of a list, clamping a page number past the end to the last page. */
export function pageSlice<T>(items: T[], page: number, size: number): PageSlice<T> {
  const pageCount = Math.max(1, Math.ceil(items.length / size));
  const shown = Math.min(Math.max(0, page), pageCount - 1);
  const offset = shown * size;
  return { items: items.slice(offset, offset + size), page: shown, pageCount, offset };
}

/** action_ids of the Previous and Next buttons of a list whose base id is `base`. */
export function pageActionIds(base: string): { previous: string; next: string } {
  return { previous: `${base}:previous`, next: `${base}:next` };
}

/** Builds the "Items x–y of n · page p of q" line and, for more than one page, the Previous/Next buttons. */
export function pagingBlocks(base: string, state: PageState, pageCount: number, itemLabel: string, slice: { offset: number; shown: number; total: number }): KnownBlock[] {
  const summary = slice.total === 0 ? `No ${itemLabel}` : `${itemLabel[0]?.toUpperCase()}${itemLabel.slice(1)} ${slice.offset + 1}–${slice.offset + slice.shown} of ${slice.total} · page ${state.page + 1} of ${pageCount}`;
  const blocks: KnownBlock[] = [{ type: 'context', elements: [{ type: 'mrkdwn', text: summary }] }];
  if (pageCount <= 1) return blocks;
  const ids = pageActionIds(base);
  const query = state.query.slice(0, PAGE_QUERY_MAX);
  const elements = [];
  if (state.page > 0) {
    elements.push({ type: 'button' as const, action_id: ids.previous, text: { type: 'plain_text' as const, text: '← Previous' }, value: JSON.stringify({ p: state.page - 1, q: query }) });
  }
  if (state.page < pageCount - 1) {
    elements.push({ type: 'button' as const, action_id: ids.next, text: { type: 'plain_text' as const, text: 'Next →' }, value: JSON.stringify({ p: state.page + 1, q: query }) });
  }
  blocks.push({ type: 'actions', block_id: `${base}_paging`, elements });
  return blocks;
}
