import { WixApiError, WixUnexpectedResponseError, WixUnreachableError, asBotError } from '../errors.js';
import type { WixHttp } from '../wix/http.js';
import { querySites } from '../wix/sites.js';
import { searchTeam } from '../wix/team.js';
import { TRANSFER_ERRORS, transferSite } from '../wix/transfer.js';
import { removeMember, updateTeamMemberAssignments } from '../wix/team.js';
import { issueApproved } from './approved.js';
import type { ApprovalParams, ApprovalSnapshot, ExecutionResult } from './types.js';

/** The action to run, as stored on the request. */
export interface Execution {
  approvalId: string | null;
  params: ApprovalParams;
  snapshot: ApprovalSnapshot;
}

/**
 * Runs the Wix write once. After a 5xx, a timeout or an unreadable response Wix may or may not have
 * made the change, so the write is not repeated: the outcome is read back from Wix instead.
 * Never throws; every failure becomes a result in plain words with the Wix request id.
 */
export async function runExecution(wix: WixHttp, execution: Execution): Promise<ExecutionResult> {
  try {
    const { requestId } = await write(wix, execution);
    return { outcome: 'succeeded', message: successMessage(execution.snapshot), wixRequestId: requestId };
  } catch (error) {
    if (isUncertain(error)) {
      const requestId = (error as { requestId?: string | null }).requestId ?? null;
      return readOutcome(wix, execution, requestId);
    }
    const botError = asBotError(error);
    const requestId = error instanceof WixApiError ? error.requestId : null;
    return { outcome: 'failed', message: failureMessage(execution, botError.userMessage, error), wixRequestId: requestId };
  }
}

/** Returns whether Wix may have made the change although the call failed. */
function isUncertain(error: unknown): boolean {
  if (error instanceof WixApiError) return error.status >= 500;
  return error instanceof WixUnreachableError || error instanceof WixUnexpectedResponseError;
}

async function write(wix: WixHttp, execution: Execution): Promise<{ requestId: string | null }> {
  const { params, approvalId } = execution;
  switch (params.action) {
    case 'transfer':
      return transferSite(wix, issueApproved({ siteId: params.siteId, sourceAccountId: params.sourceAccountId, targetAccountId: params.targetAccountId }, approvalId));
    case 'remove':
      return removeMember(wix, issueApproved({ userId: params.userId }, approvalId));
    case 'role':
      return updateTeamMemberAssignments(
        wix,
        issueApproved({ userId: params.userId, accountId: params.accountId, assignmentIdsToRemove: params.assignmentIdsToRemove, newAssignments: [{ roleId: params.newRoleId }] }, approvalId),
      );
  }
}

/**
 * Reads where things stand after an uncertain write (or after a restart in the middle of one).
 * Only reads; returns `unknown` when the reads cannot tell.
 */
export async function readOutcome(wix: WixHttp, execution: Execution, wixRequestId: string | null, prefix = 'Wix did not confirm the change'): Promise<ExecutionResult> {
  const unknown: ExecutionResult = {
    outcome: 'unknown',
    message: `${prefix}, and the bot could not read whether it happened. Outcome unknown: check the Wix dashboard.`,
    wixRequestId,
  };
  try {
    const state = await readState(wix, execution.params);
    if (state === 'done') return { outcome: 'succeeded', message: `${successMessage(execution.snapshot)} (${prefix}; Wix now shows the change.)`, wixRequestId };
    if (state === 'not_done') return { outcome: 'failed', message: `${prefix}, and Wix shows that nothing changed. Ask again if it is still needed.`, wixRequestId };
    return unknown;
  } catch {
    return unknown;
  }
}

async function readState(wix: WixHttp, params: ApprovalParams): Promise<'done' | 'not_done' | 'unclear'> {
  switch (params.action) {
    case 'transfer': {
      const inTarget = await querySites(wix, { ids: [params.siteId], max: 1, accountId: params.targetAccountId });
      const moved = inTarget.sites.find((site) => site.id === params.siteId);
      if (moved && (moved.ownerAccountId ?? params.targetAccountId) === params.targetAccountId) return 'done';
      const inSource = await querySites(wix, { ids: [params.siteId], max: 1, accountId: params.sourceAccountId });
      const stayed = inSource.sites.find((site) => site.id === params.siteId);
      if (stayed && (stayed.ownerAccountId ?? params.sourceAccountId) === params.sourceAccountId) return 'not_done';
      return 'unclear';
    }
    case 'remove': {
      const team = await searchTeam(wix);
      if (team.members.some((member) => member.id === params.userId)) return 'not_done';
      return team.complete ? 'done' : 'unclear';
    }
    case 'role': {
      const team = await searchTeam(wix);
      const member = team.members.find((m) => m.id === params.userId);
      if (!member) return 'unclear';
      const accountLevel = member.assignments.filter((a) => a.siteId === null);
      const hasNew = accountLevel.some((a) => a.roleId === params.newRoleId);
      const oldLeft = accountLevel.filter((a) => a.assignmentId !== null && params.assignmentIdsToRemove.includes(a.assignmentId)).length;
      if (hasNew && oldLeft === 0) return 'done';
      if (!hasNew && oldLeft === params.assignmentIdsToRemove.length) return 'not_done';
      return 'unclear';
    }
  }
}

function successMessage(snapshot: ApprovalSnapshot): string {
  switch (snapshot.action) {
    case 'transfer':
      return `Site ${snapshot.siteName} moved from ${snapshot.sourceAccountName} to ${snapshot.targetAccountName}.`;
    case 'remove':
      return `${snapshot.memberEmail || snapshot.memberName} was removed from the team.`;
    case 'role':
      return `${snapshot.memberEmail || snapshot.memberName} now has the role ${snapshot.newRole} for the whole account.`;
  }
}

function failureMessage(execution: Execution, userMessage: string, error: unknown): string {
  if (error instanceof WixApiError && error.status === 429) {
    // Nothing retries an approved write, so "try again" would mislead: the request is over.
    return `Wix refused the change because the bot sent too many requests (HTTP 429, Wix request id ${error.requestId ?? 'none'}), so nothing was changed. This request failed; ask for the change again.`;
  }
  if (execution.params.action === 'transfer' && error instanceof WixApiError && error.applicationCode) {
    const meaning = TRANSFER_ERRORS[error.applicationCode];
    if (meaning) return `Wix refused the transfer: ${meaning} (${error.applicationCode}, Wix request id ${error.requestId ?? 'none'}).`;
  }
  return userMessage;
}
