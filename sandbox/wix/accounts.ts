import { pagingNumber, type WixRequestContext, type WixRoute } from './context.js';
import { applicationError, validationError } from './errors.js';

function getAccount(context: WixRequestContext) {
  const requested = context.params.accountId ?? '';
  const account = context.state.accounts.find((a) => a.accountId === requested);
  // The key of the main account may read itself and its children; others look missing.
  const visible = account && (account.accountId === context.accountId || account.parentAccountId === context.accountId);
  if (!account || !visible) throw applicationError(404, 'ACCOUNT_NOT_FOUND', `account ${requested} was not found`);
  return { account: { accountId: account.accountId, slug: account.slug, accountName: account.accountName, createdDate: account.createdDate } };
}

function listChildAccounts(context: WixRequestContext) {
  const limit = pagingNumber(context.query.get('paging.limit'), 50);
  const offset = pagingNumber(context.query.get('paging.offset'), 0);
  if (limit === null || limit > 100) throw validationError([{ field: 'paging.limit', description: 'must be an integer from 0 to 100', violatedRule: 'MAX' }]);
  if (offset === null) throw validationError([{ field: 'paging.offset', description: 'must be an integer of at least 0', violatedRule: 'MIN' }]);
  const children = context.state.accounts.filter((a) => a.parentAccountId === context.accountId);
  const slice = children.slice(offset, offset + limit);
  return {
    childAccountIds: slice.map((a) => a.accountId),
    pagingMetadata: { count: slice.length, offset, total: children.length, hasNext: offset + slice.length < children.length },
  };
}

export const accountRoutes: WixRoute[] = [
  { method: 'GET', path: '/accounts/v1/account/child-accounts', operation: 'List Child Accounts', handler: listChildAccounts },
  { method: 'GET', path: '/accounts/v1/accounts/:accountId', operation: 'Get Account', handler: getAccount },
];
