import type { HomeRequest, HomeRequestSource } from '../lib/account/home.js';
import type { ApprovalService } from '../lib/approvals/service.js';
import type { ApprovalRequest } from '../lib/approvals/types.js';
import type { Authorizer } from '../lib/policy/authorize.js';
import { APPROVAL_ACTIONS } from '../views/approval-card.js';

/** Pending requests read per Home tab; the tab lists the first 20 of each kind. */
const PENDING_LIMIT = 500;

/**
 * Builds the Home tab's request source from the approval service: the viewer's own pending
 * requests, and the pending requests the viewer may still vote on (named by the request's
 * approvers, not the requester, no vote yet). Group membership is read from Slack at each call.
 */
export function approvalHomeRequests(approvals: ApprovalService, authorizer: Authorizer): HomeRequestSource {
  const toHome = (request: ApprovalRequest): HomeRequest => ({
    id: request.id,
    summary: requestSummary(request),
    requesterId: request.requester.userId,
    createdAt: request.createdAt,
    expiresAt: request.expiresAt,
    approvals: approvals.votes(request.id).filter((vote) => vote.decision === 'approve').length,
    required: request.required,
  });
  return {
    async requestedBy(userId) {
      return approvals.pending(PENDING_LIMIT).requests.filter((request) => request.requester.userId === userId).map(toHome);
    },
    async awaitingApprovalFrom(userId) {
      const waiting: HomeRequest[] = [];
      for (const request of approvals.pending(PENDING_LIMIT).requests) {
        if (request.requester.userId === userId) continue;
        if (approvals.votes(request.id).some((vote) => vote.userId === userId)) continue;
        if (await authorizer.matches(request.approvers, userId)) waiting.push(toHome(request));
      }
      return waiting;
    },
    actionIds: { approve: APPROVAL_ACTIONS.approve, deny: APPROVAL_ACTIONS.deny },
  };
}

/** Describes a request in one line of plain text from the names stored when it was made. */
function requestSummary(request: ApprovalRequest): string {
  const snapshot = request.snapshot;
  switch (snapshot.action) {
    case 'transfer':
      return `Transfer ${snapshot.siteName} from ${snapshot.sourceAccountName} to ${snapshot.targetAccountName}`;
    case 'remove':
      return `Remove ${snapshot.memberName || snapshot.memberEmail} from the team`;
    case 'role':
      return `Change the role of ${snapshot.memberName || snapshot.memberEmail} to ${snapshot.newRole}`;
  }
}
