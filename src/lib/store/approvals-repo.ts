import type { SqliteDatabase } from './database.js';
import {
  TRANSITIONS,
  approvalParamsSchema,
  approvalSnapshotSchema,
  executionResultSchema,
  type ApprovalParams,
  type ApprovalRequest,
  type ApprovalState,
  type ApprovalVote,
  type ExecutionResult,
} from '../approvals/types.js';
import type { ApprovalAction } from '../policy/subcommands.js';

interface RequestRow {
  id: string;
  action: string;
  state: string;
  requester_team_id: string;
  requester_user_id: string;
  params: string;
  snapshot: string;
  reason: string;
  required: number;
  approvers: string;
  created_at: string;
  expires_at: string;
  updated_at: string;
  decided_by: string | null;
  decided_at: string | null;
  deny_reason: string | null;
  card_channel: string | null;
  card_ts: string | null;
  result: string | null;
}

interface VoteRow {
  user_id: string;
  team_id: string;
  decision: string;
  decided_at: string;
}

/** Fields written together with a state change. */
export interface TransitionChanges {
  decidedBy?: string;
  denyReason?: string;
  result?: ExecutionResult;
}

/**
 * SQL for approval requests and their votes. State changes are compare-and-set
 * (`UPDATE … WHERE id = ? AND state = ?`), so of several callers (double clicks, two approvers,
 * several bot processes on one file) exactly one moves a request; callers append the audit event
 * in the same `Store.transaction`.
 */
export class ApprovalRepository {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly now: () => Date,
  ) {}

  insert(request: Omit<ApprovalRequest, 'updatedAt' | 'decidedBy' | 'decidedAt' | 'denyReason' | 'card' | 'result' | 'state'>): void {
    this.db
      .prepare(
        `INSERT INTO approval_requests (id, action, state, requester_team_id, requester_user_id, params, snapshot, reason, required, approvers, created_at, expires_at, updated_at)
         VALUES (@id, @action, 'pending', @teamId, @userId, @params, @snapshot, @reason, @required, @approvers, @createdAt, @expiresAt, @createdAt)`,
      )
      .run({
        id: request.id,
        action: request.action,
        teamId: request.requester.teamId,
        userId: request.requester.userId,
        params: JSON.stringify(request.params),
        snapshot: JSON.stringify(request.snapshot),
        reason: request.reason,
        required: request.required,
        approvers: JSON.stringify(request.approvers),
        createdAt: request.createdAt.toISOString(),
        expiresAt: request.expiresAt.toISOString(),
      });
  }

  get(id: string): ApprovalRequest | undefined {
    const row = this.db.prepare('SELECT * FROM approval_requests WHERE id = ?').get(id) as RequestRow | undefined;
    return row && toRequest(row);
  }

  /**
   * Moves a request from `from` to `to` only if it is still in `from`. Returns false when another
   * caller moved it first. Moving out of `pending` records who decided and when.
   */
  compareAndSet(id: string, from: ApprovalState, to: ApprovalState, changes: TransitionChanges = {}): boolean {
    if (!TRANSITIONS[from].includes(to)) throw new Error(`Approval request transition ${from} → ${to} is not allowed`);
    const at = this.now().toISOString();
    const decided = from === 'pending';
    const result = this.db
      .prepare(
        `UPDATE approval_requests
            SET state = @to, updated_at = @at,
                decided_by = CASE WHEN @decided THEN @decidedBy ELSE decided_by END,
                decided_at = CASE WHEN @decided THEN @at ELSE decided_at END,
                deny_reason = COALESCE(@denyReason, deny_reason),
                result = COALESCE(@result, result)
          WHERE id = @id AND state = @from`,
      )
      .run({
        id,
        from,
        to,
        at,
        decided: decided ? 1 : 0,
        decidedBy: changes.decidedBy ?? null,
        denyReason: changes.denyReason ?? null,
        result: changes.result ? JSON.stringify(changes.result) : null,
      });
    return result.changes === 1;
  }

  /** Replaces the stored parameters; used only by the process that won `approved → executing`, before its Wix call. */
  setParams(id: string, params: ApprovalParams): void {
    this.db.prepare('UPDATE approval_requests SET params = ? WHERE id = ?').run(JSON.stringify(params), id);
  }

  setCard(id: string, channel: string, ts: string): void {
    this.db.prepare('UPDATE approval_requests SET card_channel = ?, card_ts = ? WHERE id = ?').run(channel, ts, id);
  }

  /** Records one user's vote; returns false when that user already voted on the request. */
  addVote(requestId: string, vote: ApprovalVote): boolean {
    const result = this.db
      .prepare('INSERT OR IGNORE INTO approval_votes (request_id, user_id, team_id, decision, decided_at) VALUES (?, ?, ?, ?, ?)')
      .run(requestId, vote.userId, vote.teamId, vote.decision, vote.decidedAt.toISOString());
    return result.changes === 1;
  }

  /** Removes one user's vote, for a voter who may no longer approve. */
  removeVote(requestId: string, userId: string): void {
    this.db.prepare('DELETE FROM approval_votes WHERE request_id = ? AND user_id = ?').run(requestId, userId);
  }

  votes(requestId: string): ApprovalVote[] {
    const rows = this.db.prepare('SELECT * FROM approval_votes WHERE request_id = ? ORDER BY decided_at, user_id').all(requestId) as VoteRow[];
    return rows.map((row) => ({ userId: row.user_id, teamId: row.team_id, decision: row.decision as ApprovalVote['decision'], decidedAt: new Date(row.decided_at) }));
  }

  /** Requests in any of `states`, oldest first. */
  inStates(states: readonly ApprovalState[], limit = 1000): ApprovalRequest[] {
    const marks = states.map(() => '?').join(', ');
    const rows = this.db.prepare(`SELECT * FROM approval_requests WHERE state IN (${marks}) ORDER BY created_at LIMIT ?`).all(...states, limit) as RequestRow[];
    return rows.map(toRequest);
  }

  countInState(state: ApprovalState): number {
    return this.db.prepare('SELECT COUNT(*) FROM approval_requests WHERE state = ?').pluck().get(state) as number;
  }

  /** Pending requests whose deadline is at or before `at`. */
  duePending(at: Date): ApprovalRequest[] {
    const rows = this.db.prepare("SELECT * FROM approval_requests WHERE state = 'pending' AND expires_at <= ? ORDER BY expires_at").all(at.toISOString()) as RequestRow[];
    return rows.map(toRequest);
  }

  /** Returns the earliest deadline of a pending request, or null when none is pending. */
  nextDeadline(): Date | null {
    const value = this.db.prepare("SELECT MIN(expires_at) FROM approval_requests WHERE state = 'pending'").pluck().get() as string | null;
    return value ? new Date(value) : null;
  }
}

function toRequest(row: RequestRow): ApprovalRequest {
  return {
    id: row.id,
    action: row.action as ApprovalAction,
    state: row.state as ApprovalState,
    requester: { teamId: row.requester_team_id, userId: row.requester_user_id },
    params: approvalParamsSchema.parse(JSON.parse(row.params)),
    snapshot: approvalSnapshotSchema.parse(JSON.parse(row.snapshot)),
    reason: row.reason,
    required: row.required,
    approvers: JSON.parse(row.approvers) as string[],
    createdAt: new Date(row.created_at),
    expiresAt: new Date(row.expires_at),
    updatedAt: new Date(row.updated_at),
    decidedBy: row.decided_by,
    decidedAt: row.decided_at ? new Date(row.decided_at) : null,
    denyReason: row.deny_reason,
    card: row.card_channel && row.card_ts ? { channel: row.card_channel, ts: row.card_ts } : null,
    result: row.result ? executionResultSchema.parse(JSON.parse(row.result)) : null,
  };
}
