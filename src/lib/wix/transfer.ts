import { z } from 'zod';
import { approvedValue, type Approved } from '../approvals/approved.js';
import type { WixHttp } from './http.js';

export interface SiteTransfer {
  siteId: string;
  sourceAccountId: string;
  targetAccountId: string;
}

/** Application error codes of Transfer Site, with what each means for the user. */
export const TRANSFER_ERRORS: Record<string, string> = {
  SITE_TRANSFER_NOT_SUPPORTED: 'the site has paid Wix services; cancel them (Resellers), transfer, then recreate the package',
  SITE_TRANSFER_NOT_ALLOWED: 'Wix does not allow transfers between this source and target account',
  TARGET_ACCOUNT_ID_NOT_FOUND: 'the target account does not exist',
  SITE_NOT_FOUND: 'the site is not in the source account',
};

/**
 * Transfer Site (B2B Site Management). The target account goes in the wix-account-id header,
 * not the body. A write with no idempotency key, so it is never retried here; after a 5xx or a
 * timeout the caller re-reads where the site is. Runs only with an approval.
 */
export async function transferSite(wix: WixHttp, approved: Approved<SiteTransfer>): Promise<{ requestId: string | null }> {
  const transfer = approvedValue(approved, 'Transfer Site');
  const { requestId } = await wix.request({
    operation: 'Transfer Site',
    method: 'POST',
    path: '/b2b-site-management/v1/transfer-site',
    accountId: transfer.targetAccountId,
    body: { siteTransfer: { siteId: transfer.siteId, sourceAccountId: transfer.sourceAccountId, enableNotifications: false } },
    response: z.looseObject({ siteTransfer: z.looseObject({ siteId: z.string().optional() }).optional() }),
    kind: 'write',
  });
  return { requestId };
}
