import type { Logger } from 'pino';
import type { WixHttp } from '../wix/http.js';
import { countSites } from '../wix/sites.js';
import { searchTeam } from '../wix/team.js';

/** The account at a glance; a count is null when Wix could not be read for it. */
export interface AccountSummary {
  members: number | null;
  pendingInvites: number | null;
  sites: number | null;
}

/**
 * Reads the counts for the Home tab. Each read fails on its own, so one Wix outage leaves the
 * other counts on the tab; failures are logged with the endpoint's error.
 */
export async function accountSummary(wix: WixHttp, log: Logger): Promise<AccountSummary> {
  const [team, sites] = await Promise.all([
    searchTeam(wix).catch((error: unknown) => {
      log.warn({ err: error }, 'team unavailable for the Home tab');
      return null;
    }),
    countSites(wix).catch((error: unknown) => {
      log.warn({ err: error }, 'site count unavailable for the Home tab');
      return null;
    }),
  ]);
  return { members: team?.members.length ?? null, pendingInvites: team?.invites.length ?? null, sites };
}

/** A pending approval request as the Home tab lists it. */
export interface HomeRequest {
  id: string;
  /** Short description, such as "Remove ada@example.com from the team". Plain text. */
  summary: string;
  requesterId: string;
  createdAt: Date;
  expiresAt: Date | null;
  /** Approvals given so far and approvals required. */
  approvals: number;
  required: number;
}

/**
 * Source of the approval requests on the Home tab. The approval flow provides it. Until it is
 * set on BotDeps, the tab shows that requests are not available.
 */
export interface HomeRequestSource {
  /** Pending requests that this Slack user made. */
  requestedBy(userId: string): Promise<HomeRequest[]>;
  /** Pending requests that this Slack user may approve now (not their own). */
  awaitingApprovalFrom(userId: string): Promise<HomeRequest[]>;
  /** action_ids of the Approve and Deny buttons, which the approval flow listens to. */
  actionIds: { approve: string; deny: string };
}
