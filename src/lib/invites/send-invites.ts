import type { Logger } from 'pino';
import type { AuditLog } from '../audit/audit-log.js';
import type { AuditOutcome, AuditTarget } from '../audit/event.js';
import { BotError, InputError, WixApiError, WixUnexpectedResponseError, WixUnreachableError } from '../errors.js';
import type { Subject } from '../identity.js';
import type { Policy } from '../policy/policy.js';
import type { PickerIndexes } from '../pickers/indexes.js';
import type { WixHttp } from '../wix/http.js';
import { createInvite, type CreateInviteResult } from '../wix/invites.js';
import { EMAILS_FIELD, checkAddresses, splitAddresses, type AddressCheck } from './addresses.js';
import { rejectOwnerLevelRole } from './owner-level.js';
import { resolveRole, resolveSites, type NamedRef } from './resolve.js';

export interface SendInvitesDeps {
  wix: WixHttp;
  policy: Pick<Policy, 'isOwnerLevelRole'>;
  pickers: Pick<PickerIndexes, 'roles' | 'sites' | 'members'>;
  audit: AuditLog;
  log: Logger;
}

export interface SendInvitesInput {
  subject: Subject;
  /** Addresses as typed; each entry may hold several, separated by commas, semicolons or whitespace. */
  emails: readonly string[];
  /** Role ID or name. Without it the call throws a UsageError that lists the roles. */
  role?: string;
  /** Site IDs or names. Empty or missing means the whole account. */
  sites?: readonly string[];
  /** Slack surface of the request (slash command or form), recorded with a refusal. Defaults to `command`. */
  surface?: 'command' | 'modal';
}

/** Outcome of one address of the request. */
export type AddressOutcome =
  | { email: string; status: 'invited'; inviteId: string }
  | { email: string; status: 'failed'; error: string }
  /** A 2xx response from Wix did not list the address, so the email may have been sent. */
  | { email: string; status: 'unknown' }
  | { email: string; status: 'invalid' }
  | { email: string; status: 'duplicate'; keptAs: string };

export interface InviteResult {
  /** One entry per address given: valid addresses in the order given, then invalid ones, then folded repeats. */
  outcomes: AddressOutcome[];
  role: NamedRef;
  /** The sites the role is limited to; empty means the whole account. */
  sites: NamedRef[];
  outcome: AuditOutcome;
  wixRequestId: string | null;
  auditEventId: string;
}

/**
 * Invites people to the Wix account with one role, on chosen sites or the whole account, in one
 * Create Invite call. An owner-level role is rejected, because only an approved role change may
 * grant it. Invalid addresses are reported and never sent, and repeats are folded.
 *
 * Records an `invite.create` event with outcome `executing` before the call, and a second one
 * with the result after it. The second names the first in `details.attemptEventId`. When Wix
 * fails, the second event is recorded before the error is rethrown.
 */
export async function sendInvites(deps: SendInvitesDeps, input: SendInvitesInput): Promise<InviteResult> {
  const addresses = checkAddresses(splitAddresses(input.emails));
  if (addresses.valid.length === 0) {
    throw new InputError(`None of the addresses is a valid email address: ${addresses.invalid.join(', ')}.`, {
      [EMAILS_FIELD]: `Not a valid email address: ${addresses.invalid.join(', ')}`,
    });
  }
  const role = await resolveRole(deps.pickers.roles, input.role);
  rejectOwnerLevelRole({ policy: deps.policy, audit: deps.audit }, { subject: input.subject, role, emails: addresses.valid, surface: input.surface ?? 'command' });
  const sites = await resolveSites(deps.wix, deps.pickers.sites, input.sites ?? []);
  const targets = auditTargets(addresses.valid, role, sites, deps.wix.accountId);
  const scope = sites.length > 0 ? 'sites' : 'account';
  const actor = { kind: 'user' as const, teamId: input.subject.teamId, userId: input.subject.userId };

  // Stored before the call, so a crash while Wix may be sending the emails still leaves a record.
  const attempt = deps.audit.record({ actor, action: 'invite.create', targets, outcome: 'executing', details: { scope, invalid: addresses.invalid } });

  let wixResult: CreateInviteResult;
  try {
    wixResult = await createInvite(deps.wix, { emails: addresses.valid, roleId: role.id, siteIds: sites.map((site) => site.id), accountId: deps.wix.accountId });
  } catch (error) {
    if (!(error instanceof WixApiError || error instanceof WixUnreachableError || error instanceof WixUnexpectedResponseError)) throw error;
    const reported = error instanceof WixUnexpectedResponseError ? unreadableAnswerError(error) : error;
    // Wix may have sent the emails before a malformed 2xx response, so that case is "unknown".
    const outcome: AuditOutcome = error instanceof WixUnexpectedResponseError ? 'unknown' : 'failed';
    deps.audit.record({
      actor,
      action: 'invite.create',
      targets,
      outcome,
      details: { attemptEventId: attempt.eventId, scope, error: error.code, status: 'status' in error ? error.status : null, reason: reported.userMessage, invalid: addresses.invalid },
      ...(wixRequestIdOf(error) ? { wixRequestId: wixRequestIdOf(error) as string } : {}),
    });
    throw reported;
  }

  const outcomes = addressOutcomes(addresses, wixResult);
  const invited = outcomes.filter((o) => o.status === 'invited');
  const failed = outcomes.filter((o) => o.status === 'failed');
  const unknown = outcomes.filter((o) => o.status === 'unknown');
  const outcome = overallOutcome(invited.length, failed.length + addresses.invalid.length, unknown.length);
  const event = deps.audit.record({
    actor,
    action: 'invite.create',
    targets,
    outcome,
    details: {
      attemptEventId: attempt.eventId,
      scope,
      invited: invited.map((o) => o.email),
      failed: failed.map((o) => ({ email: o.email, error: o.error })),
      unknown: unknown.map((o) => o.email),
      invalid: addresses.invalid,
      duplicatesFolded: addresses.duplicates.length,
      inviteIds: invited.map((o) => o.inviteId),
    },
    ...(wixResult.requestId ? { wixRequestId: wixResult.requestId } : {}),
  });
  if (invited.length > 0) deps.pickers.members.invalidate();
  deps.log.info({ invited: invited.length, failed: failed.length, unknown: unknown.length, invalid: addresses.invalid.length, scope, wixRequestId: wixResult.requestId }, 'invites sent');

  return { outcomes, role, sites, outcome, wixRequestId: wixResult.requestId, auditEventId: event.eventId };
}

function addressOutcomes(addresses: AddressCheck, result: CreateInviteResult): AddressOutcome[] {
  const invitedByEmail = new Map(result.successfulInvites.map((invite) => [invite.email.toLowerCase(), invite.id]));
  const failedByEmail = new Map(result.failedInvites.map((failure) => [failure.subjectEmail.toLowerCase(), failure.errorMessage]));
  const outcomes: AddressOutcome[] = [];
  for (const email of addresses.valid) {
    const inviteId = invitedByEmail.get(email.toLowerCase());
    const error = failedByEmail.get(email.toLowerCase());
    if (inviteId !== undefined) outcomes.push({ email, status: 'invited', inviteId });
    else if (error !== undefined) outcomes.push({ email, status: 'failed', error: error || 'Wix gave no reason.' });
    else outcomes.push({ email, status: 'unknown' });
  }
  for (const email of addresses.invalid) outcomes.push({ email, status: 'invalid' });
  for (const duplicate of addresses.duplicates) outcomes.push({ email: duplicate.given, status: 'duplicate', keptAs: duplicate.keptAs });
  return outcomes;
}

/** Any address without a report from Wix makes the whole request unknown, because its email may have gone out. */
function overallOutcome(succeeded: number, notSucceeded: number, unreported: number): AuditOutcome {
  if (unreported > 0) return 'unknown';
  if (succeeded === 0) return 'failed';
  return notSucceeded === 0 ? 'succeeded' : 'partially_succeeded';
}

function auditTargets(emails: string[], role: NamedRef, sites: NamedRef[], accountId: string): AuditTarget[] {
  const scope: AuditTarget[] = sites.length > 0 ? sites.map((site): AuditTarget => ({ type: 'site', id: site.id, name: site.name })) : [{ type: 'account', id: accountId }];
  return [...emails.map((email): AuditTarget => ({ type: 'email', id: email })), { type: 'role', id: role.id, name: role.name }, ...scope];
}

/**
 * Wraps an unreadable 2xx response in an error whose user text says the invites may have gone out.
 * The parse problem stays in the message, which reaches the log only.
 */
function unreadableAnswerError(error: WixUnexpectedResponseError): BotError {
  const requestId = error.requestId ? ` Wix request id: ${error.requestId}.` : '';
  const userMessage = `Wix accepted the invite request but its answer could not be read, so the invites may already have been sent. Check the Wix team page (\`/wix team\` or Team in the Wix dashboard) before you invite these addresses again.${requestId}`;
  return new BotError(error.code, error.message, { cause: error, userMessage });
}

function wixRequestIdOf(error: WixApiError | WixUnreachableError | WixUnexpectedResponseError): string | null {
  return 'requestId' in error ? error.requestId : null;
}
