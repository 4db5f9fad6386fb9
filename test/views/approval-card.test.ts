import { describe, expect, it } from 'vitest';
import type { ApprovalRequest, ApprovalState, ApprovalVote } from '../../src/lib/approvals/types.js';
import { approvalCard } from '../../src/views/approval-card.js';
import { clickReply, pendingRequestsMessage, requestCreatedMessage, requesterUpdateMessage } from '../../src/views/approval-messages.js';
import { approvalRequestModal, denyReasonModal, resultModal } from '../../src/views/approval-modals.js';
import { blockKitViolations } from '../../src/views/limits.js';

/** 500 characters that each grow when escaped, plus a mention that must not fire. */
const WORST = ('<!channel> & <@U0OWNER01> ' + '&<>'.repeat(200)).slice(0, 500);
const ID = '00000000-0000-4000-8000-000000000000';
const MANY_SITES = Array.from({ length: 400 }, (_, i) => ({ id: `5c5c5c5c-0000-4000-8000-${String(i).padStart(12, '0')}`, name: WORST }));
const MANY_APPROVERS = Array.from({ length: 60 }, (_, i) => `U0APPR${String(i).padStart(3, '0')}`);

function request(action: 'transfer' | 'remove' | 'role', state: ApprovalState): ApprovalRequest {
  const base = {
    id: ID,
    state,
    requester: { teamId: 'T0TEST001', userId: 'U0LEAD001' },
    reason: WORST,
    required: 10,
    approvers: MANY_APPROVERS,
    createdAt: new Date('2026-12-04T10:00:00Z'),
    expiresAt: new Date('2026-12-05T10:00:00Z'),
    updatedAt: new Date('2026-12-04T10:00:00Z'),
    decidedBy: state === 'pending' ? null : 'U0OWNER01',
    decidedAt: state === 'pending' ? null : new Date('2026-12-04T11:00:00Z'),
    denyReason: state === 'denied' ? WORST : null,
    card: { channel: 'C0APPROVE', ts: '1767000001.000100' },
    result: ['succeeded', 'failed', 'unknown'].includes(state) ? { outcome: state as 'failed', message: `${WORST} ${WORST}`, wixRequestId: WORST } : null,
  };
  if (action === 'transfer') {
    return {
      ...base,
      action,
      params: { action, siteId: ID, sourceAccountId: ID, targetAccountId: ID },
      snapshot: { action, siteName: WORST, siteUrl: WORST, sourceAccountName: WORST, targetAccountName: WORST },
    };
  }
  if (action === 'remove') {
    return { ...base, action, params: { action, userId: ID }, snapshot: { action, memberName: WORST, memberEmail: WORST, roles: [WORST, WORST, WORST], accountWide: false, sites: MANY_SITES } };
  }
  return {
    ...base,
    action,
    params: { action, userId: ID, accountId: ID, assignmentIdsToRemove: [ID], oldRoleIds: [ID], newRoleId: ID },
    snapshot: { action, memberName: WORST, memberEmail: WORST, oldRoles: [WORST, WORST], newRole: WORST, sites: MANY_SITES },
  };
}

const VOTES: ApprovalVote[] = MANY_APPROVERS.slice(0, 9).map((userId) => ({ userId, teamId: 'T0TEST001', decision: 'approve', decidedAt: new Date('2026-12-04T10:30:00Z') }));
const STATES: ApprovalState[] = ['pending', 'approved', 'executing', 'succeeded', 'failed', 'unknown', 'denied', 'cancelled', 'expired'];
const ACTIONS = ['transfer', 'remove', 'role'] as const;

describe('approval card', () => {
  it.each(ACTIONS.flatMap((action) => STATES.map((state) => [action, state] as const)))('fits limits for %s %s at worst case', (action, state) => {
    const card = approvalCard(request(action, state), VOTES);

    expect(blockKitViolations('message', card as unknown as Record<string, unknown>)).toEqual([]);
  });

  it('escapes user and Wix text in mrkdwn', () => {
    const card = approvalCard(request('transfer', 'pending'), []);
    const mrkdwn = [card.text, ...JSON.stringify(card.blocks).match(/"type":"mrkdwn","text":"(?:[^"\\]|\\.)*"/g)!];

    for (const text of mrkdwn) {
      expect(text).not.toContain('<!channel>');
      expect(text).not.toContain('<@U0OWNER01>');
    }
    expect(card.text).toContain('&lt;!channel&gt;');
  });

  it('shows buttons only while pending', () => {
    const pending = JSON.stringify(approvalCard(request('remove', 'pending'), []));
    const denied = JSON.stringify(approvalCard(request('remove', 'denied'), []));

    expect(pending).toContain('approval_approve');
    expect(pending).toContain('"confirm"');
    expect(pending).toContain(`"value":"${ID}"`);
    expect(denied).not.toContain('approval_approve');
    expect(denied).toContain('Denied');
  });

  it('keeps a forged name on its own line', () => {
    const forged = 'Max \n*New account-level role:* Website Designer `2a2a2a2a-0000-4000-8000-000000000002`\n*Member:* Nice Person';
    const base = request('role', 'pending');
    const card = approvalCard({ ...base, snapshot: { ...base.snapshot, memberName: forged, memberEmail: forged } as ApprovalRequest['snapshot'] }, []);
    const details = (card.blocks[2] as { text: { text: string } }).text.text;

    expect(details.split('\n').filter((line) => line.startsWith('*New account-level role:*'))).toHaveLength(1);
    expect(details.split('\n').filter((line) => line.startsWith('*Member:*'))).toHaveLength(1);
    expect(details.split('\n')[0]).not.toContain('`2a2a');
    expect(card.text).not.toContain('\n');
  });

  it('shortens a long site list', () => {
    const card = JSON.stringify(approvalCard(request('remove', 'pending'), []));

    expect(card).toContain('more');
  });
});

describe('approval messages and modals', () => {
  it.each(ACTIONS)('stay within limits for %s', (action) => {
    const messages = [
      requestCreatedMessage(request(action, 'pending'), `https://slack.com/archives/C0APPROVE/p${'9'.repeat(16)}`),
      ...STATES.map((state) => requesterUpdateMessage(request(action, state), null)),
      ...(['recorded', 'approved', 'denied', 'cancelled', 'already_voted', 'closed'] as const).map((kind) => clickReply({ kind, request: request(action, 'expired'), approvals: 9 } as never)),
      pendingRequestsMessage(Array.from({ length: 40 }, () => ({ request: request(action, 'pending'), cardUrl: null })), 1000),
    ];
    for (const message of messages) expect(blockKitViolations('message', message as unknown as Record<string, unknown>)).toEqual([]);

    const modals = [approvalRequestModal(action, JSON.stringify({ channel: 'C0WORK001' })), denyReasonModal(request(action, 'pending')), resultModal('Deny request', WORST.repeat(10))];
    for (const modal of modals) expect(blockKitViolations('modal', modal as unknown as Record<string, unknown>)).toEqual([]);
  });
});

describe('pending request list', () => {
  it('keeps the deadline and card link for long names', () => {
    const base = request('transfer', 'pending');
    const amps = '&'.repeat(150);
    const long = { ...base, snapshot: { action: 'transfer' as const, siteName: amps, siteUrl: null, sourceAccountName: 'Agency', targetAccountName: amps } };

    const message = pendingRequestsMessage([{ request: long, cardUrl: 'https://slack.com/archives/C0APPROVE/p1767000001000100' }], 1);
    const line = (message.blocks[1] as { text: { text: string } }).text.text;

    expect(line).toContain('|card>');
    expect(line).toMatch(/<!date\^\d+\^[^>]*>/);
    expect(line).not.toMatch(/&[a-z]{0,3}…/);
  });
});
