import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestBot, type TestBot } from '../../helpers/bot.js';

describe('/wix router', () => {
  let t: TestBot;

  beforeEach(async () => {
    t = await startTestBot();
  });

  afterEach(async () => {
    await t.stop();
  });

  it('acks with an empty 200 and replies with help', async () => {
    const ack = await t.command('');
    await t.settle();

    expect(ack.status).toBe(200);
    expect(ack.body).toBe('');
    expect(t.slack.responses).toHaveLength(1);
    const reply = t.slack.responses[0]!.body;
    expect(reply.response_type).toBe('ephemeral');
    expect(JSON.stringify(reply.blocks)).toContain('/wix help');
  });

  it('answers an unknown subcommand with the usage', async () => {
    await t.command('frobnicate now');
    await t.settle();

    const reply = JSON.stringify(t.slack.responses[0]?.body);
    expect(reply).toContain('Unknown subcommand');
    expect(reply).toContain('/wix help');
  });

  it.each([
    ['U0GUEST01', 'Guests cannot use the bot'],
    ['U0SINGLE1', 'Guests cannot use the bot'],
    ['U0EXTERN1', 'other workspaces'],
    ['U0DELETED', 'Deactivated users'],
    ['U0ROBOT01', 'Bots cannot'],
    ['U0NOBODY1', 'Slack does not show this user'],
  ])('refuses %s before reading the policy', async (userId, reason) => {
    await t.command('help', userId);
    await t.settle();

    expect(JSON.stringify(t.slack.responses[0]?.body)).toContain(reason);
    const refusal = t.bot.deps.store.audit.query({ limit: 5, action: 'command.refused' });
    expect(refusal).toHaveLength(1);
    expect(refusal[0]?.actor).toEqual({ kind: 'user', teamId: 'T0TEST001', userId });
  });

  it('delivers the refusal to the audit channel', async () => {
    await t.command('help', 'U0GUEST01');
    await t.settle();

    const posts = t.slack.callsTo('chat.postMessage').filter((call) => call.args.channel === 'C0AUDIT01');
    expect(JSON.stringify(posts.map((p) => p.args.blocks))).toContain('command.refused');
  });

  it('rejects a request with a bad signature', async () => {
    const response = await fetch(t.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)), 'x-slack-signature': 'v0=deadbeef' },
      body: 'command=%2Fwix&text=help&user_id=U0OWNER01&team_id=T0TEST001',
    });

    expect(response.status).toBe(401);
    expect(t.slack.responses).toHaveLength(0);
  });

  it('serves /healthz', async () => {
    const response = await fetch(t.url.replace('/slack/events', '/healthz'));

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });
});
