import { describe, expect, it } from 'vitest';
import { hashEvent, GENESIS_HASH, type AuditEvent } from '../../src/lib/audit/event.js';
import { auditEventText, auditMessage, auditMessageFit } from '../../src/views/audit-message.js';
import { truncateMrkdwn } from '../../src/views/audit-text.js';
import { blockKitViolations, LIMITS } from '../../src/views/limits.js';

function event(overrides: Partial<AuditEvent> = {}): AuditEvent {
  const base = {
    seq: 42,
    eventId: '0f8fad5b-d9cb-469f-a165-70867728950e',
    occurredAt: '2026-12-04T09:30:15.123Z',
    actor: { kind: 'user' as const, teamId: 'T0TEST001', userId: 'U0OWNER01' },
    action: 'invite.create',
    targets: [
      { type: 'email' as const, id: 'ana@example.com' },
      { type: 'site' as const, id: '5f1e0c4a-0000-4000-8000-000000000001', name: 'Ana’s Shop' },
    ],
    outcome: 'succeeded' as const,
    details: { role: 'Website Manager', reason: 'new designer' },
    approvalId: 'req-7',
    wixRequestId: '1733300000.abcdef',
    prevHash: GENESIS_HASH,
    ...overrides,
  };
  return { ...base, hash: hashEvent(base), deliveredAt: null, deliveryTs: null };
}

const hostile = '<!channel> <@U0OWNER02> <https://evil.example|click> & `code` *bold*';

function worstCase(seq: number): AuditEvent {
  const details: Record<string, unknown> = { reason: `${hostile} ${'r'.repeat(500)}` };
  for (let i = 0; i < 30; i++) details[`param_${i}_${hostile}`] = `${'&'.repeat(250)}${'v'.repeat(250)}`;
  return event({
    seq,
    action: `approval.approve.${'x'.repeat(300)}`,
    targets: Array.from({ length: 60 }, (_, i) => ({ type: 'site' as const, id: `${'9'.repeat(100)}-${i}`, name: `${hostile} ${'n'.repeat(400)}` })),
    details,
    approvalId: 'a'.repeat(500),
    wixRequestId: `<!here>${'w'.repeat(500)}`,
  });
}

describe('auditEventText', () => {
  it('renders every fact of an event', () => {
    expect(auditEventText(event())).toMatchInlineSnapshot(`
      "*invite.create* · succeeded · by <@U0OWNER01> (team \`T0TEST001\`)
      On: \`ana@example.com\` (email), Ana’s Shop \`5f1e0c4a-0000-4000-8000-000000000001\` (site)
      Reason: new designer
      role: Website Manager
      Approval request \`req-7\` · Wix request \`1733300000.abcdef\`
      <!date^1796376615^{date_short_pretty} {time_secs}|2026-12-04 09:30 UTC> · 2026-12-04 09:30:15 UTC
      Event \`0f8fad5b-d9cb-469f-a165-70867728950e\` · #42 · hash \`${event().hash.slice(0, 12)}\`"
    `);
  });

  it('names the bot for system events', () => {
    const text = auditEventText(event({ actor: { kind: 'system' }, action: 'bot.start', targets: [], details: {}, approvalId: null, wixRequestId: null }));

    expect(text.split('\n')[0]).toBe('*bot.start* · succeeded · by the bot');
    expect(text).not.toContain('Approval request');
  });

  it('escapes user and Wix text', () => {
    const text = auditEventText(event({ targets: [{ type: 'member', id: 'm-1', name: hostile }], details: { note: hostile, [hostile]: 'key' } }));

    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<@U0OWNER02>');
    expect(text).not.toContain('<https://evil');
    expect(text).toContain('&lt;!channel&gt; &lt;@U0OWNER02&gt; &lt;https://evil.example|click&gt; &amp;');
    // The only markup left is ours: the actor mention and the date token.
    expect(text.match(/<[^>]*>/g)).toEqual(['<@U0OWNER01>', expect.stringMatching(/^<!date\^/)]);
  });

  it('keeps ids whole in the worst case', () => {
    const worst = worstCase(7);

    const text = auditEventText(worst);

    expect(text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    expect(text).toContain(`Event \`${worst.eventId}\` · #7 · hash \`${worst.hash.slice(0, 12)}\``);
    expect(text).toContain('<!date^');
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<!here>');
    expect(text).toMatch(/…\n/);
  });
});

describe('auditMessage', () => {
  it('fits one worst-case event', () => {
    expect(blockKitViolations('message', { ...auditMessage([worstCase(1)]) })).toEqual([]);
  });

  it('fits the largest worst-case group', () => {
    const events = Array.from({ length: 60 }, (_, i) => worstCase(i + 1));

    const count = auditMessageFit(events);
    const message = auditMessage(events.slice(0, count));

    expect(count).toBeGreaterThanOrEqual(1);
    expect(blockKitViolations('message', { ...message })).toEqual([]);
    expect(blockKitViolations('message', { ...auditMessage(events.slice(0, count + 1)) })).not.toEqual([]);
  });

  it('groups at most 50 small events', () => {
    const events = Array.from({ length: 80 }, (_, i) => event({ seq: i + 1, targets: [], details: {}, approvalId: null, wixRequestId: null }));

    const count = auditMessageFit(events);

    expect(count).toBe(50);
    expect(blockKitViolations('message', { ...auditMessage(events.slice(0, count)) })).toEqual([]);
  });

  it('passes limits in the minimal form', () => {
    const message = auditMessage([worstCase(3)], { minimal: true });

    expect(blockKitViolations('message', { ...message })).toEqual([]);
    expect(JSON.stringify(message)).toContain('npm run audit -- export');
  });

  it('escapes the fallback text', () => {
    const message = auditMessage([event({ action: '<!channel> ping' })]);

    expect(message.text).toBe('Audit #42: &lt;!channel&gt; ping succeeded');
  });

  it('summarizes a group in the fallback text', () => {
    const message = auditMessage([event({ seq: 3 }), event({ seq: 4 })]);

    expect(message.text).toBe('Audit #3–#4: 2 events');
  });
});

describe('truncateMrkdwn', () => {
  it.each([
    ['a &amp; b', 5, 'a …'],
    ['ab `code span` c', 8, 'ab …'],
    ['x <@U0OWNER01> y', 8, 'x …'],
    ['short', 10, 'short'],
  ])('cuts %j to %i characters safely', (text, max, expected) => {
    expect(truncateMrkdwn(text, max)).toBe(expected);
  });
});
