import type { AuditActor, AuditTarget } from '../audit/event.js';
import type { Subject } from '../identity.js';
import type { ApprovalParams, ApprovalSnapshot } from './types.js';

/** Audit action of each approved action's execution events. */
export const EXECUTION_AUDIT_ACTION: Record<ApprovalParams['action'], string> = {
  transfer: 'site.transfer',
  remove: 'member.remove',
  role: 'member.role',
};

/** Returns the audit actor for a Slack user from a signed payload. */
export function userActor(subject: Subject): AuditActor {
  return { kind: 'user', teamId: subject.teamId, userId: subject.userId };
}

/** Returns the Wix objects a request is about, with the names shown on its card. */
export function targetsOf(params: ApprovalParams, snapshot: ApprovalSnapshot): AuditTarget[] {
  if (params.action === 'transfer' && snapshot.action === 'transfer') {
    return [
      { type: 'site', id: params.siteId, name: snapshot.siteName },
      { type: 'account', id: params.targetAccountId, name: snapshot.targetAccountName },
    ];
  }
  if (params.action === 'role' && snapshot.action === 'role') {
    return [
      { type: 'member', id: params.userId, name: snapshot.memberEmail || snapshot.memberName },
      { type: 'role', id: params.newRoleId, name: snapshot.newRole },
    ];
  }
  if (params.action === 'remove' && snapshot.action === 'remove') return [{ type: 'member', id: params.userId, name: snapshot.memberEmail || snapshot.memberName }];
  return [];
}
