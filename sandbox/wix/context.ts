import type { WixState } from './model.js';

/** One parsed API request, after the auth and account headers were checked. */
export interface WixRequestContext {
  method: string;
  path: string;
  /** Path parameters captured by the route, such as `accountId`. */
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
  /** The value of `wix-account-id`, already checked to be the main account or one of its children. */
  accountId: string;
  state: WixState;
  now: () => Date;
  newId: () => string;
}

export type WixHandler = (context: WixRequestContext) => Record<string, unknown>;

export interface WixRoute {
  method: 'GET' | 'POST' | 'PATCH';
  /** Path with `:name` parameters. */
  path: string;
  /** Operation name, as the Wix docs call it. */
  operation: string;
  handler: WixHandler;
}

/** Reads a paging number from a GET query or body; throws the caller's violation on bad input. */
export function pagingNumber(raw: unknown, fallback: number): number | null {
  if (raw === undefined || raw === null || raw === '') return fallback;
  const value = Number(raw);
  return Number.isInteger(value) && value >= 0 ? value : null;
}
