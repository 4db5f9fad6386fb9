import { describe, expect, it } from 'vitest';
import type { AddressOutcome, InviteResult } from '../../src/lib/invites/send-invites.js';
import type { WixRole } from '../../src/lib/wix/roles.js';
import { INVITE_BLOCKS, inviteDoneModal, inviteModal, inviteResultMessage, inviteSendingModal } from '../../src/views/invite.js';
import { blockKitViolations } from '../../src/views/limits.js';

function result(outcomes: AddressOutcome[], overrides: Partial<InviteResult> = {}): InviteResult {
  return {
    outcomes,
    role: { id: 'role-1', name: 'Website Manager' },
    sites: [],
    outcome: 'succeeded',
    wixRequestId: 'wix-req-1',
    auditEventId: 'evt-1',
    ...overrides,
  };
}

function roles(count: number, nameLength = 20): WixRole[] {
  return Array.from({ length: count }, (_, i) => ({ id: `2a2a2a2a-0000-4000-8000-${String(i).padStart(12, '0')}`, name: `${i} ${'R'.repeat(nameLength)}`, description: '', isCustom: true, level: null }));
}

const HOSTILE = '<!channel> <@U0OWNER02> <https://evil.example|click> &';

/** 50 addresses of the maximum length, each with a long Wix error, on many long-named sites. */
function worstCase(): InviteResult {
  const longEmail = (i: number) => `${String(i).padStart(2, '0')}${'a'.repeat(60)}.${'b'.repeat(60)}@${'c'.repeat(63)}.${'d'.repeat(63)}.example`;
  const outcomes: AddressOutcome[] = [
    ...Array.from({ length: 20 }, (_, i): AddressOutcome => ({ email: longEmail(i), status: 'failed', error: `${HOSTILE} ${'e'.repeat(4000)}` })),
    ...Array.from({ length: 10 }, (_, i): AddressOutcome => ({ email: longEmail(20 + i), status: 'unknown' })),
    ...Array.from({ length: 10 }, (_, i): AddressOutcome => ({ email: longEmail(30 + i), status: 'invited', inviteId: `invite-${i}` })),
    ...Array.from({ length: 10 }, (_, i): AddressOutcome => ({ email: `${HOSTILE}${'x'.repeat(300)}${i}`, status: 'invalid' })),
    ...Array.from({ length: 500 }, (_, i): AddressOutcome => ({ email: longEmail(i % 50).toUpperCase(), status: 'duplicate', keptAs: longEmail(i % 50) })),
  ];
  return result(outcomes, {
    role: { id: 'role-1', name: `${HOSTILE}${'r'.repeat(2000)}` },
    sites: Array.from({ length: 200 }, (_, i) => ({ id: `site-${i}`, name: `${HOSTILE}${'s'.repeat(300)}` })),
    outcome: 'partially_succeeded',
    wixRequestId: 'w'.repeat(200),
  });
}

describe('inviteResultMessage', () => {
  it('lists each address with its outcome', () => {
    const message = inviteResultMessage(
      result(
        [
          { email: 'ok@example.com', status: 'invited', inviteId: 'i-1' },
          { email: 'taken@example.com', status: 'failed', error: 'Already a team member' },
          { email: 'nope', status: 'invalid' },
          { email: 'OK@example.com', status: 'duplicate', keptAs: 'ok@example.com' },
        ],
        { outcome: 'partially_succeeded', sites: [{ id: 's-1', name: 'Main Shop' }] },
      ),
    );

    expect(message).toMatchInlineSnapshot(`
      {
        "blocks": [
          {
            "text": {
              "text": ":warning: Invited *1* of 3 addresses as *Website Manager*.
      Access: the site *Main Shop*.",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "text": {
              "text": ":white_check_mark: *Invited (1)*
      • ok@example.com",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "text": {
              "text": ":x: *Failed (1)*
      • taken@example.com: Already a team member",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "text": {
              "text": ":warning: *Not valid email addresses, not sent (1)*
      • nope",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "text": {
              "text": ":information_source: Repeated addresses, counted once: ok@example.com",
              "type": "mrkdwn",
            },
            "type": "section",
          },
          {
            "elements": [
              {
                "text": "Wix request \`wix-req-1\` · audit event \`evt-1\`",
                "type": "mrkdwn",
              },
            ],
            "type": "context",
          },
        ],
        "text": "Invited 1 of 3 addresses as Website Manager.",
      }
    `);
  });

  it('escapes names and errors from Wix and users', () => {
    const text = JSON.stringify(inviteResultMessage(worstCase()));

    expect(text).toContain('&lt;!channel&gt;');
    expect(text).toContain('&lt;@U0OWNER02&gt;');
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<@U0OWNER02>');
    expect(text).not.toContain('<https://evil.example');
  });

  it('stays within Block Kit limits in the worst case', () => {
    const message = inviteResultMessage(worstCase());

    expect(blockKitViolations('message', { ...message })).toEqual([]);
  });

  it('stays within limits for 50 failures with long errors', () => {
    const outcomes = Array.from({ length: 50 }, (_, i): AddressOutcome => ({ email: `person${i}@example.com`, status: 'failed', error: 'E'.repeat(3000) }));

    const message = inviteResultMessage(result(outcomes, { outcome: 'failed' }));

    expect(blockKitViolations('message', { ...message })).toEqual([]);
    for (let i = 0; i < 50; i++) expect(JSON.stringify(message.blocks)).toContain(`person${i}@example.com`);
  });

  it('stays within limits for 50 addresses without a report', () => {
    const longEmail = (i: number) => `${String(i).padStart(2, '0')}${'a'.repeat(60)}@${'c'.repeat(63)}.example`;
    const outcomes = Array.from({ length: 50 }, (_, i): AddressOutcome => ({ email: longEmail(i), status: 'unknown' }));

    const message = inviteResultMessage(result(outcomes, { outcome: 'unknown' }));

    expect(blockKitViolations('message', { ...message })).toEqual([]);
    expect(JSON.stringify(message.blocks)).toContain('No report from Wix (50)');
  });

  it('shows the whole list of 50 addresses of usual length', () => {
    const outcomes = Array.from({ length: 50 }, (_, i): AddressOutcome => ({ email: `person${i}@example.com`, status: 'invited', inviteId: `i-${i}` }));

    const text = JSON.stringify(inviteResultMessage(result(outcomes)).blocks);

    for (let i = 0; i < 50; i++) expect(text).toContain(`person${i}@example.com`);
  });
});

describe('inviteDoneModal', () => {
  it('stays within Block Kit limits in the worst case', () => {
    expect(blockKitViolations('modal', { ...inviteDoneModal(worstCase()) })).toEqual([]);
  });
});

describe('inviteSendingModal', () => {
  it('stays within Block Kit limits', () => {
    expect(blockKitViolations('modal', { ...inviteSendingModal(50) })).toEqual([]);
  });
});

describe('inviteModal', () => {
  const metadata = JSON.stringify({ channelId: 'C0WORK001' });

  it('offers up to 100 roles in a static select', () => {
    const view = inviteModal({ roles: roles(100, 200), privateMetadata: metadata });

    expect(blockKitViolations('modal', { ...view })).toEqual([]);
    const roleBlock = view.blocks.find((block) => block.block_id === INVITE_BLOCKS.role);
    expect(roleBlock).toMatchObject({ element: { type: 'static_select' } });
  });

  it('switches to the role picker past 100 roles', () => {
    const view = inviteModal({ roles: roles(101), privateMetadata: metadata });

    expect(blockKitViolations('modal', { ...view })).toEqual([]);
    expect(view.blocks.find((block) => block.block_id === INVITE_BLOCKS.role)).toMatchObject({ element: { type: 'external_select', action_id: 'picker_role' } });
  });

  it('uses the role picker when Wix lists no role', () => {
    const view = inviteModal({ roles: [], privateMetadata: metadata });

    expect(blockKitViolations('modal', { ...view })).toEqual([]);
  });

  it('carries the metadata', () => {
    expect(inviteModal({ roles: roles(3), privateMetadata: metadata }).private_metadata).toBe(metadata);
  });
});
