import { z } from 'zod';
import type { ApprovalAction } from '../policy/subcommands.js';

/**
 * States of an approval request. `pending` → `approved` → `executing` → `succeeded` | `failed` |
 * `unknown`, and `pending` → `denied` | `cancelled` | `expired`. Every move is a compare-and-set
 * in the store, so one caller wins each transition.
 */
export const APPROVAL_STATES = ['pending', 'approved', 'executing', 'succeeded', 'failed', 'unknown', 'denied', 'cancelled', 'expired'] as const;

export type ApprovalState = (typeof APPROVAL_STATES)[number];

/** The transitions the state machine allows; the store refuses any other move. */
export const TRANSITIONS: Record<ApprovalState, readonly ApprovalState[]> = {
  pending: ['approved', 'denied', 'cancelled', 'expired'],
  approved: ['executing'],
  executing: ['succeeded', 'failed', 'unknown'],
  succeeded: [],
  failed: [],
  unknown: [],
  denied: [],
  cancelled: [],
  expired: [],
};

/** Maximum length of a request or deny reason, checked wherever a reason enters, so cards and audit events stay readable. */
export const MAX_REASON_LENGTH = 500;

/** Parameters of the action, with Wix IDs only. Approvers approve exactly this. */
export const approvalParamsSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('transfer'), siteId: z.string(), sourceAccountId: z.string(), targetAccountId: z.string() }),
  z.object({ action: z.literal('remove'), userId: z.string() }),
  z.object({
    action: z.literal('role'),
    userId: z.string(),
    accountId: z.string(),
    /** Account-level assignments replaced by the new role. */
    assignmentIdsToRemove: z.array(z.string()),
    /** Role IDs of the removed assignments, used to check the outcome after a Wix failure. */
    oldRoleIds: z.array(z.string()),
    newRoleId: z.string(),
  }),
]);

export type ApprovalParams = z.infer<typeof approvalParamsSchema>;
export type TransferParams = Extract<ApprovalParams, { action: 'transfer' }>;
export type RemoveParams = Extract<ApprovalParams, { action: 'remove' }>;
export type RoleParams = Extract<ApprovalParams, { action: 'role' }>;

const siteRefSchema = z.object({ id: z.string(), name: z.string() });

/** Names shown on the card when the request was made, so the card stays readable later. */
export const approvalSnapshotSchema = z.discriminatedUnion('action', [
  z.object({
    action: z.literal('transfer'),
    siteName: z.string(),
    siteUrl: z.string().nullable(),
    sourceAccountName: z.string(),
    targetAccountName: z.string(),
  }),
  z.object({
    action: z.literal('remove'),
    memberName: z.string(),
    memberEmail: z.string(),
    roles: z.array(z.string()),
    /** True when the member has an account-level role, which reaches every site. */
    accountWide: z.boolean(),
    sites: z.array(siteRefSchema),
  }),
  z.object({
    action: z.literal('role'),
    memberName: z.string(),
    memberEmail: z.string(),
    oldRoles: z.array(z.string()),
    newRole: z.string(),
    sites: z.array(siteRefSchema),
  }),
]);

export type ApprovalSnapshot = z.infer<typeof approvalSnapshotSchema>;
export type TransferSnapshot = Extract<ApprovalSnapshot, { action: 'transfer' }>;
export type RemoveSnapshot = Extract<ApprovalSnapshot, { action: 'remove' }>;
export type RoleSnapshot = Extract<ApprovalSnapshot, { action: 'role' }>;

/** Outcome of the approved action. */
export const executionResultSchema = z.object({
  outcome: z.enum(['succeeded', 'failed', 'unknown']),
  /** Plain words for the card and the requester. */
  message: z.string(),
  wixRequestId: z.string().nullable(),
});

export type ExecutionResult = z.infer<typeof executionResultSchema>;

export interface ApprovalRequest {
  id: string;
  action: ApprovalAction;
  state: ApprovalState;
  requester: { teamId: string; userId: string };
  params: ApprovalParams;
  snapshot: ApprovalSnapshot;
  reason: string;
  /** Distinct approvals needed, fixed when the request was made. */
  required: number;
  /** Users and groups of the policy rule when the request was made, shown on the card. */
  approvers: string[];
  createdAt: Date;
  expiresAt: Date;
  updatedAt: Date;
  /** User who moved the request out of `pending` (the last approver, the denier or the requester). */
  decidedBy: string | null;
  decidedAt: Date | null;
  denyReason: string | null;
  card: { channel: string; ts: string } | null;
  result: ExecutionResult | null;
}

export interface ApprovalVote {
  userId: string;
  teamId: string;
  decision: 'approve' | 'deny';
  decidedAt: Date;
}
