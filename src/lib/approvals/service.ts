import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { AuditLog } from '../audit/audit-log.js';
import type { AuditActor, AuditOutcome } from '../audit/event.js';
import { EXECUTION_AUDIT_ACTION, targetsOf, userActor } from './audit.js';
import { BotError, InputError, NotFoundError, PolicyDeniedError } from '../errors.js';
import { checkIdentity, type Subject } from '../identity.js';
import type { PickerIndexes } from '../pickers/indexes.js';
import type { Authorizer } from '../policy/authorize.js';
import type { Store } from '../store/index.js';
import type { WixHttp } from '../wix/http.js';
import { DuplicateRequestError, sameChange } from './duplicates.js';
import { readOutcome, runExecution, type Execution } from './execute.js';
import { recheckRoleChange } from './role-recheck.js';
import { roleChangeNeedsApproval, type PreparedAction, type PreparedRole } from './prepare.js';
import { ExpiryScheduler } from './scheduler.js';
import { MAX_REASON_LENGTH, type ApprovalParams, type ApprovalRequest, type ApprovalState, type ApprovalVote, type ExecutionResult } from './types.js';

/** Slack side effects of the flow; implemented in the handlers so this module stays free of Bolt and views. */
export interface ApprovalNotifier {
  /** Posts the card to the approvals channel and returns where it is. */
  postCard(request: ApprovalRequest, votes: ApprovalVote[]): Promise<{ channel: string; ts: string }>;
  /** Redraws the card from the request's current state. */
  updateCard(request: ApprovalRequest, votes: ApprovalVote[]): Promise<void>;
  /** Sends the requester a DM about the request's current state. */
  tellRequester(request: ApprovalRequest): Promise<void>;
}

/** Result of a click on Approve, Deny or Cancel. */
export type ClickOutcome =
  /** `approvals` counts only users who may still approve; `dropped` earlier votes no longer count. */
  | { kind: 'recorded'; request: ApprovalRequest; approvals: number; dropped?: number }
  | { kind: 'approved' | 'denied' | 'cancelled'; request: ApprovalRequest }
  | { kind: 'already_voted'; request: ApprovalRequest }
  /** The request had already left `pending` (another decision, or its deadline passed). */
  | { kind: 'closed'; request: ApprovalRequest; expiredNow?: boolean };

type ClickDecision = 'approve' | 'deny' | 'cancel';

/** The message that carried a click: `container.channel_id` and `message_ts` of the payload. */
export interface ClickOrigin {
  channel: string | null;
  ts: string | null;
  /** True for a click in the clicker's own Home tab, where the bot also shows these buttons. */
  homeTab: boolean;
}

/** Result of a role change that needs no approval. */
export interface DirectChange {
  result: ExecutionResult;
}

export interface ApprovalServiceOptions {
  store: Store;
  audit: AuditLog;
  authorizer: Authorizer;
  wix: WixHttp;
  pickers: PickerIndexes;
  notifier: ApprovalNotifier;
  now: () => Date;
  logger: Logger;
  /** Registers background work (executions, card updates) so shutdown waits for it. */
  track: <T>(work: Promise<T>) => Promise<T>;
  /**
   * How long a request may stay `executing` before start-up recovery reads its outcome. Another bot
   * process may still be running the Wix call for a younger one.
   */
  executionGraceMs?: number;
  /**
   * Minimum age of a pending request without a stored card before recovery posts its card. A
   * younger one may still be inside `create`, in this process or another, posting its own card.
   */
  cardGraceMs?: number;
}

/**
 * The approval flow: creates requests, records votes, denials, cancellations and expiries as
 * compare-and-set transitions with their audit events, runs each approved action at most once, and
 * resolves actions interrupted by a restart by reading Wix state.
 */
export class ApprovalService {
  readonly scheduler: ExpiryScheduler;
  private readonly cardUpdates = new Map<string, Promise<void>>();
  private readonly recoveryTimers = new Set<ReturnType<typeof setTimeout>>();
  private readonly log: Logger;

  constructor(private readonly options: ApprovalServiceOptions) {
    this.log = options.logger.child({ component: 'approvals' });
    this.scheduler = new ExpiryScheduler({
      nextDeadline: () => options.store.approvals.nextDeadline(),
      expireDue: () => options.track(this.expireDue()),
      now: options.now,
      logger: this.log,
    });
  }

  private get store(): Store {
    return this.options.store;
  }

  get(id: string): ApprovalRequest | undefined {
    return this.store.approvals.get(id);
  }

  votes(id: string): ApprovalVote[] {
    return this.store.approvals.votes(id);
  }

  /** Pending requests, oldest first, and how many there are in all. */
  pending(limit: number): { requests: ApprovalRequest[]; total: number } {
    return { requests: this.store.approvals.inStates(['pending'], limit), total: this.store.approvals.countInState('pending') };
  }

  /**
   * Creates a request and posts its card. Refuses when the policy names no approvers or fewer
   * eligible approvers than it requires, not counting the requester, and throws
   * DuplicateRequestError while a request for the same change is pending. Nothing is approved here.
   */
  async create(subject: Subject, prepared: PreparedAction, reasonText: string): Promise<ApprovalRequest> {
    const reason = reasonText.trim();
    if (!reason) throw new InputError('A reason is required, so approvers know why this change is needed.', { reason: 'Give a reason.' });
    if (reason.length > MAX_REASON_LENGTH) throw new InputError(`The reason is longer than ${MAX_REASON_LENGTH} characters.`, { reason: `Keep the reason under ${MAX_REASON_LENGTH} characters.` });
    const action = prepared.params.action;
    const rule = this.options.authorizer.policy.approvalRule(action);
    if (!rule) throw new PolicyDeniedError(`No one may approve \`${action}\`: the policy file has no \`approvals.${action}\` rule. Ask an owner to add one.`);
    const eligible = await this.eligibleApprovers(rule.approvers, subject.userId);
    if (eligible.length < rule.required) {
      throw new PolicyDeniedError(
        eligible.length === 0
          ? `No one besides you may approve \`${action}\` (policy \`approvals.${action}\`), so the request could never be approved. Ask an owner to add approvers.`
          : `\`approvals.${action}\` needs ${rule.required} approvers besides you, but only ${eligible.length} eligible approver(s) exist. Ask an owner to add approvers.`,
      );
    }

    const id = randomUUID();
    const createdAt = this.options.now();
    const expiresAt = new Date(createdAt.getTime() + rule.expires_after);
    this.store.transaction(() => {
      // Checked inside the write transaction, so two processes cannot both pass it.
      const existing = this.store.approvals.inStates(['pending']).find((pending) => sameChange(pending.params, prepared.params));
      if (existing) throw new DuplicateRequestError(existing);
      this.store.approvals.insert({ id, action, requester: subject, params: prepared.params, snapshot: prepared.snapshot, reason, required: rule.required, approvers: [...rule.approvers], createdAt, expiresAt });
      this.store.audit.append({
        actor: userActor(subject),
        action: 'approval.request',
        targets: targetsOf(prepared.params, prepared.snapshot),
        outcome: 'requested',
        details: { requestedAction: action, reason, required: rule.required, expiresAt: expiresAt.toISOString() },
        approvalId: id,
      });
    });
    this.options.audit.notify();
    this.log.info({ approvalId: id, action, required: rule.required }, 'approval requested');

    const request = this.mustGet(id);
    try {
      const card = await this.options.notifier.postCard(request, []);
      this.store.approvals.setCard(id, card.channel, card.ts);
    } catch (error) {
      this.log.error({ err: error, approvalId: id }, 'approval card could not be posted');
      this.transition(id, 'pending', 'cancelled', { kind: 'system' }, 'approval.cancel', 'cancelled', { cause: 'the approval card could not be posted' });
      throw new BotError('slack_api', `approval card for ${id} could not be posted`, {
        cause: error,
        userMessage: 'The approval card could not be posted to the approvals channel, so the request was cancelled. An operator must check that the bot is a member of that channel; then ask again.',
      });
    }
    this.scheduler.reschedule();
    return this.mustGet(id);
  }

  /** Users who could approve now: the rule's users and group members, minus the requester, who pass the identity checks. */
  private async eligibleApprovers(principals: readonly string[], requesterId: string): Promise<string[]> {
    const { authorizer } = this.options;
    const eligible: string[] = [];
    for (const userId of await authorizer.expand(principals)) {
      if (userId === requesterId) continue;
      const ok = await checkIdentity(authorizer.directory, authorizer.workspace, { teamId: authorizer.workspace.teamId, userId }).then(
        () => true,
        () => false,
      );
      if (ok) eligible.push(userId);
    }
    return eligible;
  }

  /**
   * Checks that `subject` may decide on `request` now: a full member of this workspace, named by
   * the policy's approvers (groups read from Slack at this click), and not the requester. A refusal
   * is audited and thrown.
   */
  private async authorizeApprover(request: ApprovalRequest, subject: Subject, decision: 'approve' | 'deny'): Promise<void> {
    const { authorizer } = this.options;
    try {
      // A click decides now, so the user is looked up in Slack now, not read from the cache.
      await checkIdentity(authorizer.directory, authorizer.workspace, subject, { fresh: true });
      const rule = authorizer.policy.approvalRule(request.action);
      if (!rule || !(await authorizer.matches(rule.approvers, subject.userId))) {
        throw new PolicyDeniedError(`You are not an approver for \`${request.action}\` in the policy file (\`approvals.${request.action}\`), so you cannot ${decision} this request.`);
      }
      if (subject.userId === request.requester.userId) {
        throw new PolicyDeniedError(
          decision === 'approve' ? 'You asked for this change, so you cannot approve it; another approver must.' : 'You asked for this change, so you cannot deny it; use Cancel instead.',
        );
      }
    } catch (error) {
      if (error instanceof PolicyDeniedError) {
        this.options.audit.record({
          actor: userActor(subject),
          action: 'approval.refuse',
          targets: targetsOf(request.params, request.snapshot),
          outcome: 'refused',
          details: { decision, reason: error.userMessage },
          approvalId: request.id,
        });
      }
      throw error;
    }
  }

  /** Checks that `subject` may decide on request `id` now (before the Deny modal opens); audits a refusal. */
  async checkApprover(id: string, subject: Subject, decision: 'approve' | 'deny', origin: ClickOrigin): Promise<ApprovalRequest> {
    const request = this.findForClick(id, subject, decision);
    this.checkOrigin(request, subject, decision, origin);
    await this.authorizeApprover(request, subject, decision);
    if (request.state !== 'pending') this.auditIgnoredClick({ kind: 'closed', request }, subject, decision);
    return request;
  }

  /** Returns the request a click names, or audits the click and throws NotFoundError. */
  private findForClick(id: string, subject: Subject, decision: ClickDecision): ApprovalRequest {
    const request = this.store.approvals.get(id);
    if (request) return request;
    this.options.audit.record({ actor: userActor(subject), action: 'approval.refuse', targets: [], outcome: 'refused', details: { decision, reason: 'no such request', requestId: id } });
    throw new NotFoundError(`No approval request has the ID ${id}.`);
  }

  /** Audits a click that changed nothing: a repeated approval, or a click on a request already decided. */
  private auditIgnoredClick(outcome: ClickOutcome, subject: Subject, decision: ClickDecision): void {
    if (outcome.kind !== 'already_voted' && outcome.kind !== 'closed') return;
    const reason = outcome.kind === 'already_voted' ? 'already voted' : `the request is already ${outcome.request.state}`;
    this.options.audit.record({
      actor: userActor(subject),
      action: 'approval.refuse',
      targets: targetsOf(outcome.request.params, outcome.request.snapshot),
      outcome: 'refused',
      details: { decision, reason },
      approvalId: outcome.request.id,
    });
  }

  /**
   * Refuses and audits an Approve or Deny click that did not come from the request's stored card.
   * The bot shows these buttons only on the card and in the approver's Home tab, so a click from
   * any other message (a copy, a DM, a message posted by someone else) binds to nothing the
   * approver saw.
   */
  private checkOrigin(request: ApprovalRequest, subject: Subject, decision: 'approve' | 'deny', origin: ClickOrigin): void {
    if (origin.homeTab) return;
    if (request.card && origin.channel === request.card.channel && origin.ts === request.card.ts) return;
    this.options.audit.record({
      actor: userActor(subject),
      action: 'approval.refuse',
      targets: targetsOf(request.params, request.snapshot),
      outcome: 'refused',
      details: { decision, reason: 'the click did not come from the approval card', channel: origin.channel, ts: origin.ts },
      approvalId: request.id,
    });
    throw new PolicyDeniedError('This button is not on the approval card of this request, so the click was refused. Use the buttons on the card in the approvals channel.');
  }

  /**
   * Records an approval, then counts the approvals of users who may still approve now. The click
   * that brings that count to the required number approves the request and starts the action.
   */
  async approve(id: string, subject: Subject, origin: ClickOrigin): Promise<ClickOutcome> {
    const request = this.findForClick(id, subject, 'approve');
    this.checkOrigin(request, subject, 'approve', origin);
    await this.authorizeApprover(request, subject, 'approve');
    const voted = this.store.transaction((): ClickOutcome | 'added' => {
      const current = this.mustGet(id);
      const closed = this.closedOutcome(current);
      if (closed) return closed;
      const at = this.options.now();
      if (!this.store.approvals.addVote(id, { userId: subject.userId, teamId: subject.teamId, decision: 'approve', decidedAt: at })) return { kind: 'already_voted', request: current };
      this.store.audit.append({
        actor: userActor(subject),
        action: 'approval.vote',
        targets: targetsOf(current.params, current.snapshot),
        outcome: 'approved',
        details: { required: current.required },
        approvalId: id,
      });
      return 'added';
    });
    this.options.audit.notify();
    if (voted !== 'added') this.auditIgnoredClick(voted, subject, 'approve');
    if (voted !== 'added' && voted.kind === 'closed') {
      this.afterClick(voted);
      return voted;
    }
    // A repeated click counts again too, so a count that failed on a Slack error can be redone.
    const counted = await this.countApprovals(id, subject);
    const outcome: ClickOutcome = voted !== 'added' && counted.kind === 'recorded' ? { kind: 'already_voted', request: counted.request } : counted;
    this.afterClick(counted);
    if (outcome.kind === 'approved') {
      this.log.info({ approvalId: id }, 'approval request approved');
      this.background(this.execute(id));
    }
    return outcome;
  }

  /**
   * Counts the approvals of a pending request, checking every earlier voter again now: still a full
   * member (Slack asked now), still named by the policy rule (groups read now), not the requester.
   * Votes of users who no longer qualify are removed, each with an audit event, and do not count.
   * Approves the request when enough remain. `clicker` was checked by this click already.
   */
  private async countApprovals(id: string, clicker: Subject): Promise<ClickOutcome> {
    const request = this.mustGet(id);
    const eligible = new Map<string, boolean>([[clicker.userId, true]]);
    // Votes cast while this loop runs are checked too; after 3 rounds the newest were checked by their own click moments ago.
    for (let round = 0; round < 3; round += 1) {
      const unchecked = this.approvalVotes(id).filter((vote) => !eligible.has(vote.userId));
      if (unchecked.length === 0) break;
      for (const vote of unchecked) eligible.set(vote.userId, await this.mayStillApprove(request, vote));
    }
    const outcome = this.store.transaction((): ClickOutcome => {
      const current = this.mustGet(id);
      const closed = this.closedOutcome(current);
      if (closed) return closed;
      const votes = this.approvalVotes(id);
      const stale = votes.filter((vote) => eligible.get(vote.userId) === false);
      for (const vote of stale) {
        this.store.approvals.removeVote(id, vote.userId);
        this.store.audit.append({
          actor: { kind: 'system' },
          action: 'approval.vote_dropped',
          targets: targetsOf(current.params, current.snapshot),
          outcome: 'refused',
          details: { voter: vote.userId, reason: 'no longer an eligible approver' },
          approvalId: id,
        });
      }
      const approvals = votes.length - stale.length;
      if (approvals < current.required) return { kind: 'recorded', request: current, approvals, dropped: stale.length };
      this.store.approvals.compareAndSet(id, 'pending', 'approved', { decidedBy: clicker.userId });
      this.store.audit.append({ actor: userActor(clicker), action: 'approval.approve', targets: targetsOf(current.params, current.snapshot), outcome: 'approved', details: { approvals, required: current.required }, approvalId: id });
      return { kind: 'approved', request: this.mustGet(id) };
    });
    this.options.audit.notify();
    return outcome;
  }

  private approvalVotes(id: string): ApprovalVote[] {
    return this.store.approvals.votes(id).filter((vote) => vote.decision === 'approve');
  }

  /** Returns whether a voter may approve `request` now. Slack errors are thrown, so no vote is dropped on a failed lookup. */
  private async mayStillApprove(request: ApprovalRequest, vote: ApprovalVote): Promise<boolean> {
    const { authorizer } = this.options;
    if (vote.userId === request.requester.userId) return false;
    const rule = authorizer.policy.approvalRule(request.action);
    if (!rule) return false;
    try {
      await checkIdentity(authorizer.directory, authorizer.workspace, { teamId: vote.teamId, userId: vote.userId }, { fresh: true });
    } catch (error) {
      if (error instanceof PolicyDeniedError) return false;
      throw error;
    }
    return authorizer.matches(rule.approvers, vote.userId);
  }

  /** Denies a request; one denial ends it. */
  async deny(id: string, subject: Subject, reasonText: string): Promise<ClickOutcome> {
    const reason = reasonText.trim();
    if (!reason) throw new InputError('A reason is required, so the requester knows why.', { reason: 'Give a reason.' });
    if (reason.length > MAX_REASON_LENGTH) throw new InputError(`The reason is longer than ${MAX_REASON_LENGTH} characters.`, { reason: `Keep the reason under ${MAX_REASON_LENGTH} characters.` });
    const request = this.findForClick(id, subject, 'deny');
    await this.authorizeApprover(request, subject, 'deny');
    const outcome = this.store.transaction((): ClickOutcome => {
      const current = this.mustGet(id);
      const closed = this.closedOutcome(current);
      if (closed) return closed;
      this.store.approvals.addVote(id, { userId: subject.userId, teamId: subject.teamId, decision: 'deny', decidedAt: this.options.now() });
      this.store.approvals.compareAndSet(id, 'pending', 'denied', { decidedBy: subject.userId, denyReason: reason });
      this.store.audit.append({ actor: userActor(subject), action: 'approval.deny', targets: targetsOf(current.params, current.snapshot), outcome: 'denied', details: { reason }, approvalId: id });
      return { kind: 'denied', request: this.mustGet(id) };
    });
    this.options.audit.notify();
    this.auditIgnoredClick(outcome, subject, 'deny');
    this.afterClick(outcome);
    return outcome;
  }

  /** Cancels a pending request; only its requester may. */
  async cancel(id: string, subject: Subject): Promise<ClickOutcome> {
    const request = this.findForClick(id, subject, 'cancel');
    const { authorizer } = this.options;
    const refuse = (reason: string) =>
      this.options.audit.record({ actor: userActor(subject), action: 'approval.refuse', targets: targetsOf(request.params, request.snapshot), outcome: 'refused', details: { decision: 'cancel', reason }, approvalId: id });
    try {
      await checkIdentity(authorizer.directory, authorizer.workspace, subject, { fresh: true });
    } catch (error) {
      if (error instanceof PolicyDeniedError) refuse(error.userMessage);
      throw error;
    }
    if (subject.userId !== request.requester.userId) {
      refuse('not the requester');
      throw new PolicyDeniedError('Only the person who asked for this change can cancel it.');
    }
    const outcome = this.store.transaction((): ClickOutcome => {
      const current = this.mustGet(id);
      const closed = this.closedOutcome(current);
      if (closed) return closed;
      this.store.approvals.compareAndSet(id, 'pending', 'cancelled', { decidedBy: subject.userId });
      this.store.audit.append({ actor: userActor(subject), action: 'approval.cancel', targets: targetsOf(current.params, current.snapshot), outcome: 'cancelled', approvalId: id });
      return { kind: 'cancelled', request: this.mustGet(id) };
    });
    this.options.audit.notify();
    this.auditIgnoredClick(outcome, subject, 'cancel');
    this.afterClick(outcome);
    return outcome;
  }

  /**
   * Inside a transaction: returns the outcome for a request that is no longer open, expiring it
   * first when its deadline passed and the timer has not fired yet.
   */
  private closedOutcome(current: ApprovalRequest): ClickOutcome | null {
    if (current.state !== 'pending') return { kind: 'closed', request: current };
    if (current.expiresAt.getTime() > this.options.now().getTime()) return null;
    this.store.approvals.compareAndSet(current.id, 'pending', 'expired');
    this.store.audit.append({ actor: { kind: 'system' }, action: 'approval.expire', targets: targetsOf(current.params, current.snapshot), outcome: 'expired', approvalId: current.id });
    return { kind: 'closed', request: this.mustGet(current.id), expiredNow: true };
  }

  /** Starts the card update and the DMs that follow a committed click. */
  private afterClick(outcome: ClickOutcome): void {
    if (outcome.kind === 'closed' && outcome.expiredNow) this.background(this.afterExpiry(outcome.request));
    if (outcome.kind === 'already_voted' || outcome.kind === 'closed') return;
    if (outcome.kind === 'denied' || outcome.kind === 'cancelled') this.log.info({ approvalId: outcome.request.id, state: outcome.kind }, 'approval request closed');
    this.background(this.refreshCard(outcome.request.id));
    if (outcome.kind === 'approved' || outcome.kind === 'denied') this.background(this.tellRequester(outcome.request.id));
  }

  /** Runs work after the reply, so shutdown waits for it and a failure is logged instead of lost. */
  private background(work: Promise<void>): void {
    void this.options.track(work).catch((error: unknown) => this.log.error({ err: error }, 'approval background work failed'));
  }

  /**
   * Expires every pending request whose deadline has passed, telling the channel and the requester.
   * First posts the cards of pending requests that have none.
   */
  async expireDue(): Promise<void> {
    await this.postMissingCards();
    for (const request of this.store.approvals.duePending(this.options.now())) {
      const won = this.transition(request.id, 'pending', 'expired', { kind: 'system' }, 'approval.expire', 'expired');
      if (won) await this.afterExpiry(this.mustGet(request.id));
    }
  }

  private async afterExpiry(request: ApprovalRequest): Promise<void> {
    this.log.info({ approvalId: request.id }, 'approval request expired');
    await Promise.all([this.refreshCard(request.id), this.tellRequester(request.id)]);
  }

  /**
   * Checks the approvers of an approved request once more before the Wix call, with Slack asked
   * now, because a restart can run a request long after its approval. Returns a failed result when
   * fewer than the required approvers may still approve, or when Slack cannot tell.
   */
  private async approversGone(request: ApprovalRequest): Promise<ExecutionResult | null> {
    let approvals = 0;
    try {
      for (const vote of this.approvalVotes(request.id)) if (await this.mayStillApprove(request, vote)) approvals += 1;
    } catch (error) {
      this.log.error({ err: error, approvalId: request.id }, 'approvers could not be checked before execution');
      return { outcome: 'failed', message: 'Slack did not answer when the bot checked the approvers again, so nothing was changed. Ask for the change again.', wixRequestId: null };
    }
    if (approvals >= request.required) return null;
    return {
      outcome: 'failed',
      message: `Only ${approvals} of the ${request.required} required approvers may still approve (deactivated, or no longer named by the policy), so nothing was changed. Ask for the change again.`,
      wixRequestId: null,
    };
  }

  /**
   * Runs an approved request. The `approved → executing` transition is written before the Wix call,
   * so of several processes or clicks only the winner calls Wix, and a crash leaves a trace that
   * start-up recovery resolves by reading.
   */
  async execute(id: string): Promise<void> {
    const request = this.mustGet(id);
    const won = this.transition(id, 'approved', 'executing', { kind: 'system' }, EXECUTION_AUDIT_ACTION[request.action], 'executing');
    if (!won) return;
    // Card updates run in order, so this "executing" update cannot overwrite the outcome.
    this.background(this.refreshCard(id));
    const refusal = await this.approversGone(request);
    if (refusal) {
      await this.finish(id, refusal);
      return;
    }
    let params = request.params;
    if (params.action === 'role') {
      const checked = await recheckRoleChange({ wix: this.options.wix, pickers: this.options.pickers, policy: this.options.authorizer.policy }, params);
      if ('outcome' in checked) {
        await this.finish(id, checked);
        return;
      }
      // Stored before the write, so recovery after a crash reads the outcome against what was sent.
      this.store.approvals.setParams(id, checked);
      params = checked;
    }
    const result = await runExecution(this.options.wix, { approvalId: id, params, snapshot: request.snapshot });
    await this.finish(id, result);
  }

  private async finish(id: string, result: ExecutionResult): Promise<void> {
    const request = this.mustGet(id);
    const won = this.transition(id, 'executing', result.outcome, { kind: 'system' }, EXECUTION_AUDIT_ACTION[request.action], result.outcome, { message: result.message }, result);
    if (!won) return;
    this.log.info({ approvalId: id, outcome: result.outcome, wixRequestId: result.wixRequestId }, 'approved action finished');
    if (result.outcome === 'succeeded') this.invalidatePickers(request.params);
    await Promise.all([this.refreshCard(id), this.tellRequester(id)]);
  }

  /**
   * Runs a role change that the policy lets through without approval, with the same checks and
   * audit events as an approved one.
   */
  async changeRoleNow(subject: Subject, prepared: PreparedRole, reasonText: string): Promise<DirectChange> {
    const reason = reasonText.trim();
    if (!reason) throw new InputError('A reason is required for the audit log.', { reason: 'Give a reason.' });
    if (reason.length > MAX_REASON_LENGTH) throw new InputError(`The reason is longer than ${MAX_REASON_LENGTH} characters.`, { reason: `Keep the reason under ${MAX_REASON_LENGTH} characters.` });
    if (roleChangeNeedsApproval(this.options.authorizer.policy, prepared)) throw new PolicyDeniedError('This role change involves an owner-level role, so it needs approval.');
    const execution: Execution = { approvalId: null, params: prepared.params, snapshot: prepared.snapshot };
    const result = await runExecution(this.options.wix, execution);
    this.options.audit.record({
      actor: userActor(subject),
      action: EXECUTION_AUDIT_ACTION.role,
      targets: targetsOf(prepared.params, prepared.snapshot),
      outcome: result.outcome,
      details: { reason, message: result.message, approval: 'not needed (no owner-level role involved)' },
      ...(result.wixRequestId ? { wixRequestId: result.wixRequestId } : {}),
    });
    if (result.outcome === 'succeeded') this.invalidatePickers(prepared.params);
    return { result };
  }

  /**
   * Start-up: runs requests left `approved` (no Wix call was made for them yet) and resolves
   * requests left `executing` by reading Wix state, never by calling the write again. Then sweeps
   * (posting missing cards and expiring due requests) and arms the expiry timer.
   */
  async start(): Promise<void> {
    const graceMs = this.options.executionGraceMs ?? 60_000;
    for (const request of this.store.approvals.inStates(['approved'])) this.background(this.execute(request.id));
    for (const request of this.store.approvals.inStates(['executing'])) {
      const age = this.options.now().getTime() - request.updatedAt.getTime();
      if (age >= graceMs) {
        this.background(this.resolveInterrupted(request.id));
        continue;
      }
      const timer = setTimeout(() => {
        this.recoveryTimers.delete(timer);
        this.background(this.resolveInterrupted(request.id));
      }, graceMs - age);
      timer.unref?.();
      this.recoveryTimers.add(timer);
    }
    await this.scheduler.start();
  }

  async stop(): Promise<void> {
    for (const timer of this.recoveryTimers) clearTimeout(timer);
    this.recoveryTimers.clear();
    await this.scheduler.stop();
  }

  private async resolveInterrupted(id: string): Promise<void> {
    const request = this.mustGet(id);
    if (request.state !== 'executing') return;
    this.log.warn({ approvalId: id }, 'resolving an action interrupted by a restart');
    const result = await readOutcome(this.options.wix, { approvalId: id, params: request.params, snapshot: request.snapshot }, null, 'The bot stopped while the Wix call ran');
    await this.finish(id, result);
  }

  /** Compare-and-set with its audit event in one transaction; returns whether this caller won. */
  private transition(
    id: string,
    from: ApprovalState,
    to: ApprovalState,
    actor: AuditActor,
    auditAction: string,
    outcome: AuditOutcome,
    details: Record<string, unknown> = {},
    result?: ExecutionResult,
  ): boolean {
    const won = this.store.transaction(() => {
      const request = this.mustGet(id);
      if (!this.store.approvals.compareAndSet(id, from, to, result ? { result } : {})) return false;
      this.store.audit.append({
        actor,
        action: auditAction,
        targets: targetsOf(request.params, request.snapshot),
        outcome,
        details,
        approvalId: id,
        ...(result?.wixRequestId ? { wixRequestId: result.wixRequestId } : {}),
      });
      return true;
    });
    if (won) this.options.audit.notify();
    return won;
  }

  /**
   * Posts the card of every pending request that has none and is older than the grace period: a
   * crash between storing a request and storing its card leaves such a request, which no one
   * could approve.
   */
  private async postMissingCards(): Promise<void> {
    const cutoff = this.options.now().getTime() - (this.options.cardGraceMs ?? 60_000);
    for (const request of this.store.approvals.inStates(['pending'])) {
      if (!request.card && request.createdAt.getTime() <= cutoff) await this.postMissingCard(request.id);
    }
  }

  /**
   * Posts a card for a request that has none and stores where it is. A pending request's requester
   * gets a DM with the link. When the post fails, a pending request is cancelled with an audit
   * event and the requester is told. A claim in the store lets only one process try, once.
   */
  private async postMissingCard(id: string): Promise<void> {
    if (!this.store.submissions.claim(`approval-card-recovery:${id}`)) {
      this.log.warn({ approvalId: id }, 'approval card missing; another attempt already posted or gave up');
      return;
    }
    const request = this.mustGet(id);
    this.log.warn({ approvalId: id, state: request.state }, 'posting a missing approval card');
    try {
      const card = await this.options.notifier.postCard(request, this.votes(id));
      this.store.approvals.setCard(id, card.channel, card.ts);
    } catch (error) {
      this.log.error({ err: error, approvalId: id }, 'missing approval card could not be posted');
      const won = this.transition(id, 'pending', 'cancelled', { kind: 'system' }, 'approval.cancel', 'cancelled', { cause: 'the approval card could not be posted' });
      if (won) await this.tellRequester(id);
      return;
    }
    if (request.state === 'pending') await this.tellRequester(id);
  }

  /**
   * Redraws the card from the stored state. Updates of one card run one after another, so the last
   * one shows the latest state. A request without a card gets one posted, unless it is pending and
   * young enough that `create` may still be posting it.
   */
  refreshCard(id: string): Promise<void> {
    const previous = this.cardUpdates.get(id) ?? Promise.resolve();
    const next = previous.then(async () => {
      const request = this.mustGet(id);
      if (!request.card) {
        const young = this.options.now().getTime() - request.createdAt.getTime() < (this.options.cardGraceMs ?? 60_000);
        if (request.state === 'pending' && young) {
          this.log.info({ approvalId: id }, 'approval card not stored yet; the request is still being created');
          return;
        }
        await this.postMissingCard(id);
        return;
      }
      await this.options.notifier.updateCard(request, this.votes(id)).catch((error: unknown) => this.log.error({ err: error, approvalId: id }, 'approval card update failed'));
    });
    this.cardUpdates.set(id, next);
    void next.finally(() => {
      if (this.cardUpdates.get(id) === next) this.cardUpdates.delete(id);
    });
    return next;
  }

  private async tellRequester(id: string): Promise<void> {
    await this.options.notifier.tellRequester(this.mustGet(id)).catch((error: unknown) => this.log.error({ err: error, approvalId: id }, 'requester DM failed'));
  }

  private invalidatePickers(params: ApprovalParams): void {
    if (params.action === 'transfer') this.options.pickers.sites.invalidate();
    else this.options.pickers.members.invalidate();
  }

  private mustGet(id: string): ApprovalRequest {
    const request = this.store.approvals.get(id);
    if (!request) throw new Error(`Approval request ${id} disappeared from the store`);
    return request;
  }
}
