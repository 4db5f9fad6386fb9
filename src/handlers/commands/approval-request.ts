import { z } from 'zod';
import type { PreparedAction } from '../../lib/approvals/prepare.js';
import type { Subject } from '../../lib/identity.js';
import { UsageError } from '../../lib/errors.js';
import type { ApprovalAction } from '../../lib/policy/subcommands.js';
import { duplicateRequestMessage, requestCreatedMessage } from '../../views/approval-messages.js';
import { DuplicateRequestError } from '../../lib/approvals/duplicates.js';
import type { ApprovalRequest } from '../../lib/approvals/types.js';
import { approvalRequestModal, REASON_MAX_LENGTH } from '../../views/approval-modals.js';
import type { SlackMessage } from '../../views/messages.js';
import type { BotDeps } from '../context.js';
import { parseArgs } from './parse.js';
import type { CommandContext } from './types.js';

/** The command's channel, carried through the request form's private_metadata. */
export const formMetadataSchema = z.object({ channel: z.string().max(50) });

/** True when the command has no arguments, so the router opens the request form. */
export function noArguments(words: string[]): boolean {
  return words.length === 0;
}

/** Replaces the loading modal with the request form. */
export async function showRequestForm(context: CommandContext & { viewId: string }, action: ApprovalAction): Promise<void> {
  const metadata = JSON.stringify(formMetadataSchema.parse({ channel: context.command.channel_id }));
  await context.client.views.update({ view_id: context.viewId, view: approvalRequestModal(action, metadata) });
}

/** Splits `/wix <subcommand>` words into positionals and flags, and checks the reason. */
export function parseRequestArgs(words: string[], flags: readonly string[], usage: string): { positionals: string[]; flags: Record<string, string>; reason: string } {
  const parsed = parseArgs(words, [...flags, 'reason'], usage);
  const reason = typeof parsed.flags.reason === 'string' ? parsed.flags.reason.trim() : '';
  if (!reason) throw new UsageError('A reason is required: approvers and the audit log see it.', usage);
  if (reason.length > REASON_MAX_LENGTH) throw new UsageError(`The reason is longer than ${REASON_MAX_LENGTH} characters.`, usage);
  return { positionals: parsed.positionals, flags: parsed.flags as Record<string, string>, reason };
}

/** Creates the request, posts the card, and returns the requester's confirmation with a link to the card. */
export async function sendForApproval(deps: BotDeps, subject: Subject, prepared: PreparedAction, reason: string): Promise<SlackMessage> {
  const request = await createOrFindPending(deps, subject, prepared, reason);
  if ('existing' in request) return duplicateRequestMessage(request.existing, await deps.approvalNotifier.permalink(request.existing.card));
  return requestCreatedMessage(request, await deps.approvalNotifier.permalink(request.card));
}

/** Creates the request, or returns the pending request that already asks for the same change. */
export async function createOrFindPending(deps: BotDeps, subject: Subject, prepared: PreparedAction, reason: string): Promise<ApprovalRequest | { existing: ApprovalRequest }> {
  try {
    return await deps.approvals.create(subject, prepared, reason);
  } catch (error) {
    if (error instanceof DuplicateRequestError) return { existing: error.existing };
    throw error;
  }
}
