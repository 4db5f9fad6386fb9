import { z } from 'zod';
import type { WixHttp } from './http.js';

/** Name shown for an account whose name Wix does not return; views show the ID beside it. */
export const ACCOUNT_NAME_UNAVAILABLE = '(name unavailable)';

const accountSchema = z
  .looseObject({
    accountId: z.string().optional(),
    id: z.string().optional(),
    accountName: z.string().optional(),
    name: z.string().optional(),
    slug: z.string().optional(),
  })
  .transform((a, ctx) => {
    const id = a.accountId ?? a.id;
    if (!id) {
      ctx.addIssue({ code: 'custom', message: 'account has no accountId' });
      return z.NEVER;
    }
    return { id, name: a.accountName ?? a.name ?? a.slug ?? ACCOUNT_NAME_UNAVAILABLE, slug: a.slug ?? null };
  });

export type WixAccount = z.output<typeof accountSchema>;

/** Get Account: the account's name and slug. */
export async function getAccount(wix: WixHttp, accountId: string): Promise<WixAccount> {
  const { data } = await wix.request({
    operation: 'Get Account',
    method: 'GET',
    path: `/accounts/v1/accounts/${encodeURIComponent(accountId)}`,
    response: z.looseObject({ account: accountSchema }),
    kind: 'read',
  });
  return data.account;
}

// The response field name of List Child Accounts is not documented; accept the likely ones.
const childAccountsResponseSchema = z.looseObject({
  childAccountIds: z.array(z.string()).optional(),
  accountIds: z.array(z.string()).optional(),
  childAccounts: z.array(z.union([z.string(), z.looseObject({ accountId: z.string().optional(), id: z.string().optional() })])).optional(),
  pagingMetadata: z.looseObject({ total: z.number().optional(), hasNext: z.boolean().optional() }).optional(),
});

const CHILD_PAGE_SIZE = 100;

/** List Child Accounts: IDs of every child account, following offset paging to the end. */
export async function listChildAccountIds(wix: WixHttp): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; offset < 10_000; ) {
    const { data } = await wix.request({
      operation: 'List Child Accounts',
      method: 'GET',
      path: '/accounts/v1/account/child-accounts',
      query: { 'paging.limit': CHILD_PAGE_SIZE, 'paging.offset': offset },
      response: childAccountsResponseSchema,
      kind: 'read',
    });
    const page = data.childAccountIds ?? data.accountIds ?? (data.childAccounts ?? []).map((c) => (typeof c === 'string' ? c : (c.accountId ?? c.id ?? ''))).filter(Boolean);
    ids.push(...page);
    const hasNext = data.pagingMetadata?.hasNext ?? page.length === CHILD_PAGE_SIZE;
    if (!hasNext || page.length === 0) break;
    offset += page.length;
  }
  return ids;
}
