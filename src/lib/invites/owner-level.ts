import type { AuditLog } from '../audit/audit-log.js';
import type { AuditTarget } from '../audit/event.js';
import { InputError } from '../errors.js';
import type { Subject } from '../identity.js';
import type { Policy } from '../policy/policy.js';
import type { NamedRef } from './resolve.js';

/** Key of the role in InputError.fields; the form maps it to its own block_id. */
export const ROLE_FIELD = 'role';

export interface OwnerLevelCheckDeps {
  policy: Pick<Policy, 'isOwnerLevelRole'>;
  audit: AuditLog;
}

export interface OwnerLevelCheckInput {
  subject: Subject;
  role: NamedRef;
  /** Valid addresses of the request, recorded as targets of the refusal. */
  emails: readonly string[];
  surface: 'command' | 'modal';
}

/**
 * Rejects an owner-level role (`owner_level_roles` in the policy file). Changing a member to such
 * a role needs the approvers under `approvals.role`, and an invite would grant it with no
 * approval. Records `invite.refused` and throws an InputError whose field is the role.
 */
export function rejectOwnerLevelRole(deps: OwnerLevelCheckDeps, input: OwnerLevelCheckInput): void {
  if (!deps.policy.isOwnerLevelRole(input.role)) return;
  const message = ownerLevelRoleMessage(input.role.name);
  const targets: AuditTarget[] = [...input.emails.map((email): AuditTarget => ({ type: 'email', id: email })), { type: 'role', id: input.role.id, name: input.role.name }];
  deps.audit.record({
    actor: { kind: 'user', teamId: input.subject.teamId, userId: input.subject.userId },
    action: 'invite.refused',
    targets,
    outcome: 'refused',
    details: { reason: 'owner_level_role', surface: input.surface },
  });
  throw new InputError(message, { [ROLE_FIELD]: message });
}

/** Says why the role is rejected and how to get it through approval instead. Plain text, at most about 300 characters. */
export function ownerLevelRoleMessage(roleName: string): string {
  const name = roleName.length > 40 ? `${roleName.slice(0, 39)}…` : roleName;
  return `An invite cannot grant ${name}: it is an owner-level role, which needs approval. Invite with another role, and once the person has joined ask for it with /wix role MEMBER "${name}" --reason TEXT, which goes to the approvers.`;
}
