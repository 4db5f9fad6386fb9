import type { Logger } from 'pino';
import type { WixHttp } from '../wix/http.js';
import { countSites } from '../wix/sites.js';
import { searchTeam } from '../wix/team.js';

/**
 * The account at a glance. A count is null when Wix could not be read for it, and undefined when
 * the viewer may not see it (team counts need `team`, the site count needs `sites`).
 */
export interface AccountSummary {
  members?: number | null;
  pendingInvites?: number | null;
  sites?: number | null;
}

/** Counts the viewer may see, decided by the policy rules of `/wix team` and `/wix sites`. */
export interface SummaryAccess {
  team: boolean;
  sites: boolean;
}

/**
 * Reads the counts for the Home tab that `access` allows, and reads nothing from Wix for the others.
 * Each read fails on its own, so one Wix outage leaves the other counts on the tab; failures are
 * logged with the endpoint's error.
 */
export async function accountSummary(wix: WixHttp, log: Logger, access: SummaryAccess): Promise<AccountSummary> {
  const [team, sites] = await Promise.all([
    access.team
      ? searchTeam(wix).catch((error: unknown) => {
          log.warn({ err: error }, 'team unavailable for the Home tab');
          return null;
        })
      : undefined,
    access.sites
      ? countSites(wix).catch((error: unknown) => {
          log.warn({ err: error }, 'site count unavailable for the Home tab');
          return null;
        })
      : undefined,
  ]);
  const summary: AccountSummary = {};
  if (team !== undefined) {
    summary.members = team?.members.length ?? null;
    summary.pendingInvites = team?.invites.length ?? null;
  }
  if (sites !== undefined) summary.sites = sites;
  return summary;
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
