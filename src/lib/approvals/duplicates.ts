import { BotError } from '../errors.js';
import type { ApprovalParams, ApprovalRequest } from './types.js';

/**
 * Returns whether two requests ask for the same change: the same site to the same account, the
 * removal of the same member, or the same new role for the same member.
 */
export function sameChange(a: ApprovalParams, b: ApprovalParams): boolean {
  if (a.action === 'transfer' && b.action === 'transfer') return a.siteId === b.siteId && a.targetAccountId === b.targetAccountId;
  if (a.action === 'remove' && b.action === 'remove') return a.userId === b.userId;
  if (a.action === 'role' && b.action === 'role') return a.userId === b.userId && a.newRoleId === b.newRoleId;
  return false;
}

/** Thrown instead of creating a second pending request for the same change; carries the pending one. */
export class DuplicateRequestError extends BotError {
  constructor(readonly existing: ApprovalRequest) {
    super('approval_conflict', `approval request ${existing.id} already asks for this change`, {
      userMessage: `A request for exactly this change is already waiting for approval (request ${existing.id}), so no new one was made.`,
    });
  }
}
