import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEventInput } from '../../../src/lib/audit/event.js';
import { AUDIT_NEWER_ACTION, AUDIT_OLDER_ACTION, AUDIT_PAGE_ACTIONS_BLOCK } from '../../../src/views/audit-command.js';
import { blockKitViolations } from '../../../src/views/limits.js';
import { startTestBot, WORK_CHANNEL, type TestBot } from '../../helpers/bot.js';
import { RESPONSE_HOST, TEAM_ID } from '../../helpers/fake-slack.js';

interface Reply {
  text: string;
  blocks: Array<{ type: string; block_id?: string; text?: { text: string }; elements?: Array<{ action_id?: string; value?: string; text?: string | { text: string } }> }>;
  replace_original?: boolean;
}

/** Sequence numbers listed in a reply, in the order shown. */
function listedSeqs(reply: Reply): number[] {
  return [...JSON.stringify(reply.blocks).matchAll(/\*#(\d+)\* ·/g)].map((match) => Number(match[1]));
}

function button(reply: Reply, actionId: string): { action_id?: string; value?: string } | undefined {
  return reply.blocks.find((block) => block.block_id === AUDIT_PAGE_ACTIONS_BLOCK)?.elements?.find((element) => element.action_id === actionId);
}

describe('/wix audit', () => {
  let t: TestBot;
  let seq = 0;

  const record = (count: number, make: (index: number) => Partial<AuditEventInput> = () => ({})) => {
    for (let i = 0; i < count; i++) {
      t.bot.deps.audit.record({
        actor: { kind: 'user', teamId: TEAM_ID, userId: 'U0LEAD001' },
        action: 'invite.create',
        targets: [{ type: 'email', id: `p${i}@example.com` }],
        outcome: 'succeeded',
        ...make(i),
      });
    }
  };

  const lastReply = (): Reply => t.slack.responses[t.slack.responses.length - 1]!.body as unknown as Reply;

  const click = (actionId: string, value: string, userId = 'U0OWNER01') => {
    seq += 1;
    return t.interact({
      type: 'block_actions',
      user: { id: userId, team_id: TEAM_ID, username: userId.toLowerCase() },
      team: { id: TEAM_ID, domain: 'test' },
      api_app_id: 'A0TESTAPP',
      token: 'legacy-verification-token',
      trigger_id: `${seq}.3333.abcdef`,
      response_url: `${RESPONSE_HOST}/actions/${TEAM_ID}/${seq}/reply`,
      container: { type: 'message', message_ts: '1767000000.000100', channel_id: WORK_CHANNEL, is_ephemeral: true },
      channel: { id: WORK_CHANNEL, name: 'work' },
      actions: [{ type: 'button', action_id: actionId, block_id: AUDIT_PAGE_ACTIONS_BLOCK, value, action_ts: '1767000001.000200', text: { type: 'plain_text', text: 'Older' } }],
    });
  };

  beforeEach(async () => {
    t = await startTestBot();
  });

  afterEach(async () => {
    await t.stop();
  });

  describe('list', () => {
    it('shows the newest events first', async () => {
      record(30);

      await t.command('audit 5');
      await t.settle();

      const reply = lastReply();
      // Event 1 is bot.start; the 30 recorded events are 2–31.
      expect(listedSeqs(reply)).toEqual([31, 30, 29, 28, 27]);
      expect(JSON.stringify(reply)).toContain('by <@U0LEAD001> (team `T0TEST001`)');
      expect(button(reply, AUDIT_OLDER_ACTION)).toBeDefined();
      expect(button(reply, AUDIT_NEWER_ACTION)).toBeUndefined();
      expect(blockKitViolations('message', { ...reply })).toEqual([]);
    });

    it('shows 20 events by default', async () => {
      record(30);

      await t.command('audit');
      await t.settle();

      expect(listedSeqs(lastReply())).toHaveLength(20);
    });

    it('filters by user, action and date', async () => {
      record(3);
      record(2, () => ({ actor: { kind: 'user', teamId: TEAM_ID, userId: 'U0OWNER02' }, action: 'approval.approve', outcome: 'approved' }));

      await t.command('audit --user <@U0OWNER02|owner2> --action approval --since 2020-01-01');
      await t.settle();
      const byMention = lastReply();
      await t.command('audit --user U0LEAD001');
      await t.settle();
      const byId = lastReply();
      await t.command('audit --since 2999-01-01');
      await t.settle();
      const future = lastReply();

      expect(listedSeqs(byMention)).toEqual([6, 5]);
      expect(JSON.stringify(byMention.blocks[0])).toContain('by <@U0OWNER02>, action `approval`');
      expect(listedSeqs(byId)).toEqual([4, 3, 2]);
      expect(listedSeqs(future)).toEqual([]);
      expect(JSON.stringify(future)).toContain('no events match');
    });

    it.each([
      ['audit 0', 'N must be a whole number from 1 to 100'],
      ['audit 101', 'N must be a whole number from 1 to 100'],
      ['audit ten', 'N must be a whole number from 1 to 100'],
      ['audit 5 6', 'Unexpected "6"'],
      ['audit --user @ana', '--user must be a mention'],
      ['audit --action "DROP TABLE"', '--action must be an action name'],
      ['audit --since yesterday', '--since must be an ISO date'],
      ['audit --limit 5', 'Unknown option --limit'],
    ])('rejects %s', async (text, message) => {
      await t.command(text);
      await t.settle();

      expect(lastReply().text).toContain(message);
    });

    it('refuses users outside the policy rule', async () => {
      await t.command('audit', 'U0LEAD001');
      await t.settle();

      expect(JSON.stringify(lastReply())).toContain('commands.audit');
    });
  });

  describe('paging', () => {
    const longReason = (i: number) => ({ details: { reason: `${'<!channel> & '.repeat(10)}${'r'.repeat(100)} ${i}` } });

    it('pages through large events without gaps', async () => {
      record(150, longReason);

      await t.command('audit 100');
      await t.settle();
      const first = lastReply();
      const olderValue = button(first, AUDIT_OLDER_ACTION)?.value ?? '';
      await click(AUDIT_OLDER_ACTION, olderValue);
      await t.settle();
      const second = lastReply();
      const newerValue = button(second, AUDIT_NEWER_ACTION)?.value ?? '';
      await click(AUDIT_NEWER_ACTION, newerValue);
      await t.settle();
      const back = lastReply();

      const firstSeqs = listedSeqs(first);
      const secondSeqs = listedSeqs(second);
      expect(firstSeqs.length).toBeGreaterThan(5);
      expect(firstSeqs.length).toBeLessThan(100);
      expect(firstSeqs[0]).toBe(151);
      expect(secondSeqs[0]).toBe(firstSeqs[firstSeqs.length - 1]! - 1);
      expect(second.replace_original).toBe(true);
      expect(listedSeqs(back)).toEqual(firstSeqs);
      for (const reply of [first, second, back]) expect(blockKitViolations('message', { ...reply })).toEqual([]);
      expect(JSON.stringify(first)).not.toContain('<!channel>');
    });

    it('keeps the filters in the button value', async () => {
      record(30, (i) => ({ action: i % 2 === 0 ? 'invite.create' : 'invite.revoke' }));

      await t.command('audit 3 --action invite.revoke');
      await t.settle();
      const value = JSON.parse(button(lastReply(), AUDIT_OLDER_ACTION)?.value ?? '{}') as Record<string, unknown>;
      await click(AUDIT_OLDER_ACTION, JSON.stringify(value));
      await t.settle();

      expect(value).toEqual({ n: 3, action: 'invite.revoke', before: 27 });
      expect(listedSeqs(lastReply())).toEqual([25, 23, 21]);
    });

    it('falls back to the newest page', async () => {
      record(10);

      await click(AUDIT_NEWER_ACTION, JSON.stringify({ n: 3, after: 500 }));
      await t.settle();

      expect(listedSeqs(lastReply())).toEqual([11, 10, 9]);
      expect(button(lastReply(), AUDIT_NEWER_ACTION)).toBeUndefined();
    });

    it('authorizes the click again', async () => {
      record(30);

      await click(AUDIT_OLDER_ACTION, JSON.stringify({ n: 5, before: 10 }), 'U0LEAD001');
      await t.settle();

      const reply = lastReply();
      expect(reply.replace_original).toBe(false);
      expect(JSON.stringify(reply)).toContain('commands.audit');
      expect(listedSeqs(reply)).toEqual([]);
      const refusal = t.bot.deps.store.audit.query({ limit: 1, action: 'command.refused' });
      expect(refusal[0]?.details).toMatchObject({ subcommand: 'audit', surface: 'button' });
    });

    it.each([
      ['not json', 'not json'],
      ['an unknown field', JSON.stringify({ n: 5, before: 10, sql: 'x' })],
      ['a page size over 100', JSON.stringify({ n: 500 })],
      ['a bad user', JSON.stringify({ n: 5, user: '<!channel>' })],
    ])('rejects a button value with %s', async (_case, value) => {
      await click(AUDIT_OLDER_ACTION, value);
      await t.settle();

      expect(JSON.stringify(lastReply())).toContain('This button is damaged');
    });
  });

  describe('status', () => {
    it('reports a healthy channel', async () => {
      await t.command('audit status');
      await t.settle();

      const text = JSON.stringify(lastReply());
      expect(text).toContain('Undelivered: none');
      expect(text).toMatch(/Last delivery: <!date\^\d+/);
      expect(text).toContain('Last error: none since the bot started');
    });

    it('reports undelivered events and the last error', async () => {
      await t.settle();
      t.slack.on('chat.postMessage', () => ({ ok: false, error: 'not_in_channel' }));
      record(3);
      await t.settle();

      await t.command('audit status');
      await t.settle();

      const text = JSON.stringify(lastReply());
      expect(text).toMatch(/Undelivered: 3, oldest #2 stored \d+ s ago/);
      expect(text).toContain('not_in_channel (the bot is not a member of the audit channel; invite it)');
      expect(blockKitViolations('message', { ...lastReply() })).toEqual([]);
    });
  });

  describe('export', () => {
    it('sends a CSV file to the requester', async () => {
      record(3, () => ({ details: { reason: 'needs, "quotes"' } }));

      await t.command('audit export --format csv');
      await t.settle();

      const open = t.slack.callsTo('conversations.open');
      expect(open[0]?.args.users).toBe('U0OWNER01');
      const getUrl = t.slack.callsTo('files.getUploadURLExternal');
      expect(String(getUrl[0]?.args.filename)).toMatch(/^audit-.*\.csv$/);
      expect(t.slack.uploads).toHaveLength(1);
      expect(t.slack.uploads[0]?.body).toContain('seq,event_id,occurred_at');
      expect(t.slack.uploads[0]?.body).toContain('""reason"":""needs, \\""quotes\\""""');
      const complete = t.slack.callsTo('files.completeUploadExternal');
      expect(complete[0]?.args.channel_id).toBe('D00OWNER01');
      expect(JSON.stringify(lastReply())).toContain('Sent `audit-');
      const exported = t.bot.deps.store.audit.query({ limit: 1, action: 'audit.export' });
      expect(exported[0]).toMatchObject({ outcome: 'succeeded', details: { format: 'csv', events: 4 } });
    });

    it('sends JSONL since a date by default', async () => {
      record(2);

      await t.command('audit export --since 2020-01-01T00:00:00Z');
      await t.settle();

      const lines = (t.slack.uploads[0]?.body ?? '').split('\n').filter((line) => line.startsWith('{"seq"'));
      expect(lines).toHaveLength(3);
      expect(String(t.slack.callsTo('files.getUploadURLExternal')[0]?.args.filename)).toMatch(/\.jsonl$/);
    });

    it('reports and records a missing scope', async () => {
      t.slack.on('conversations.open', () => ({ ok: false, error: 'missing_scope' }));

      await t.command('audit export');
      await t.settle();

      expect(JSON.stringify(lastReply())).toContain('Slack did not accept the export file (missing_scope)');
      const failed = t.bot.deps.store.audit.query({ limit: 1, action: 'audit.export' });
      expect(failed[0]).toMatchObject({ outcome: 'failed', details: { error: 'missing_scope' } });
    });

    it('rejects an unknown format', async () => {
      await t.command('audit export --format xml');
      await t.settle();

      expect(JSON.stringify(lastReply())).toContain('--format must be jsonl or csv');
      expect(t.slack.callsTo('conversations.open')).toHaveLength(0);
    });
  });
});
