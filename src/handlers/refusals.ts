import type { Subject } from '../lib/identity.js';
import type { PolicyDeniedError } from '../lib/errors.js';
import type { BotDeps } from './context.js';

/** The surface a rejected request came from, recorded so owners can tell a typed command from a click. */
export type RefusalSurface = 'command' | 'button' | 'menu' | 'modal';

/**
 * Records a policy or identity refusal as a `command.refused` audit event. Every entry point
 * calls this one function, so refusals read the same in the audit channel wherever they happen.
 */
export function auditRefusal(deps: BotDeps, subject: Subject, subcommand: string, surface: RefusalSurface, error: PolicyDeniedError): void {
  deps.audit.record({
    actor: { kind: 'user', teamId: subject.teamId, userId: subject.userId },
    action: 'command.refused',
    targets: [],
    outcome: 'refused',
    details: { subcommand, surface, rule: error.userMessage },
  });
}
