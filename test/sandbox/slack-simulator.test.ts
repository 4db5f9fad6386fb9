import { verifySlackRequest } from '@slack/bolt';
import { LogLevel, WebClient, type Logger } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { slackSignatureHeaders } from '../../sandbox/slack/signing.js';
import { FakeBot } from './fake-bot.js';
import { startSlackSimulator, type SlackSimulator } from '../../sandbox/slack/server.js';
import { APPROVALS_CHANNEL, AUDIT_CHANNEL, BOT, dmChannelId, TEAM, WORK_CHANNEL } from '../../sandbox/slack/workspace.js';

const TOKEN = 'xoxb-sandbox-test-token';
const SECRET = 'sandbox-test-signing-secret';
const LEAD = 'U0SBLEAD1';
const OWNER = 'U0SBOWNR1';

/** The Web API client logs every refused call; these tests expect refusals. */
const quietLogger: Logger = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => LogLevel.ERROR, setName() {} };

let bot: FakeBot;
let sim: SlackSimulator;
let client: WebClient;
let clock: number;

const MODAL = {
  type: 'modal',
  callback_id: 'invite_modal',
  title: { type: 'plain_text', text: 'Invite' },
  submit: { type: 'plain_text', text: 'Send' },
  blocks: [{ type: 'input', block_id: 'email', label: { type: 'plain_text', text: 'Email' }, element: { type: 'email_text_input', action_id: 'email_input' } }],
};

function messagesIn(channel: string, user = LEAD) {
  return sim.store.visibleMessages(user, channel);
}

beforeEach(async () => {
  bot = new FakeBot(SECRET);
  await bot.start();
  clock = Date.now();
  sim = await startSlackSimulator({ botToken: TOKEN, signingSecret: SECRET, botRequestUrl: bot.url, ackTimeoutMs: 500, now: () => clock });
  client = new WebClient(TOKEN, { slackApiUrl: `${sim.url}/api/`, retryConfig: { retries: 0 }, logger: quietLogger });
});

afterEach(async () => {
  await sim.close();
  await bot.close();
});

describe('simulator signing', () => {
  it('produces signatures that Bolt verifies', () => {
    const body = 'payload=%7B%7D';
    const headers = slackSignatureHeaders(SECRET, body);

    expect(() => verifySlackRequest({ signingSecret: SECRET, body, headers: { 'x-slack-signature': headers['x-slack-signature']!, 'x-slack-request-timestamp': Number(headers['x-slack-request-timestamp']) } })).not.toThrow();
  });

  it('produces signatures that fail with another secret', () => {
    const body = 'payload=%7B%7D';
    const headers = slackSignatureHeaders('another-secret', body);

    expect(() => verifySlackRequest({ signingSecret: SECRET, body, headers: { 'x-slack-signature': headers['x-slack-signature']!, 'x-slack-request-timestamp': Number(headers['x-slack-request-timestamp']) } })).toThrow();
  });
});

describe('simulator Web API', () => {
  it('rejects a wrong token', async () => {
    const stranger = new WebClient('xoxb-wrong', { slackApiUrl: `${sim.url}/api/`, retryConfig: { retries: 0 }, logger: quietLogger });

    await expect(stranger.auth.test()).rejects.toMatchObject({ data: { error: 'invalid_auth' } });
  });

  it('answers auth.test, users.info and usergroups.users.list', async () => {
    const auth = await client.auth.test();
    const guest = await client.users.info({ user: 'U0SBGUEST' });
    const partner = await client.users.info({ user: 'U0SBEXTRN' });
    const owners = await client.usergroups.users.list({ usergroup: 'S0SBOWNRS' });

    expect(auth).toMatchObject({ team_id: TEAM.id, user_id: BOT.userId });
    expect(guest.user).toMatchObject({ is_restricted: true, team_id: TEAM.id });
    expect(partner.user?.team_id).not.toBe(TEAM.id);
    expect(owners.users).toEqual(['U0SBOWNR1', 'U0SBOWNR2']);
    await expect(client.users.info({ user: 'U0NOBODY1' })).rejects.toMatchObject({ data: { error: 'user_not_found' } });
    await expect(client.usergroups.users.list({ usergroup: 'S0NOGROUP' })).rejects.toMatchObject({ data: { error: 'no_such_subteam' } });
  });

  it('posts, updates and opens DMs', async () => {
    const posted = await client.chat.postMessage({ channel: APPROVALS_CHANNEL.id, text: 'Request', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*Request*' } }] });
    await client.chat.update({ channel: APPROVALS_CHANNEL.id, ts: posted.ts!, text: 'Approved', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Approved' } }] });
    const dm = await client.conversations.open({ users: LEAD });
    await client.chat.postMessage({ channel: dm.channel!.id!, text: 'Your request was approved' });
    await client.chat.postMessage({ channel: OWNER, text: 'Direct by user ID' });

    expect(messagesIn(APPROVALS_CHANNEL.id)).toEqual([expect.objectContaining({ text: 'Approved', edited: true })]);
    expect(dm.channel?.id).toBe(dmChannelId(LEAD));
    expect(messagesIn(dmChannelId(LEAD)).map((m) => m.text)).toEqual(['Your request was approved']);
    expect(messagesIn(dmChannelId(OWNER), OWNER).map((m) => m.text)).toEqual(['Direct by user ID']);
  });

  it('rejects blocks that break a Block Kit limit', async () => {
    const attempt = client.chat.postMessage({ channel: WORK_CHANNEL.id, text: 'x', blocks: [{ type: 'header', text: { type: 'plain_text', text: 'h'.repeat(151) } }] });

    await expect(attempt).rejects.toMatchObject({ data: { error: 'invalid_blocks' } });
    expect(messagesIn(WORK_CHANNEL.id)).toEqual([]);
  });

  it('rejects a message with blocks but no fallback text', async () => {
    await expect(client.chat.postMessage({ channel: WORK_CHANNEL.id, blocks: [{ type: 'divider' }] } as never)).rejects.toMatchObject({ data: { error: 'invalid_blocks' } });
  });

  it('shows an ephemeral message to its user only', async () => {
    await client.chat.postEphemeral({ channel: WORK_CHANNEL.id, user: LEAD, text: 'Only for Lena' });

    expect(messagesIn(WORK_CHANNEL.id, LEAD).map((m) => m.text)).toEqual(['Only for Lena']);
    expect(messagesIn(WORK_CHANNEL.id, OWNER)).toEqual([]);
  });

  it('refuses to update a message that does not exist', async () => {
    await expect(client.chat.update({ channel: WORK_CHANNEL.id, ts: '1.000001', text: 'x' })).rejects.toMatchObject({ data: { error: 'message_not_found' } });
  });

  it('answers unknown_method for methods it lacks', async () => {
    await expect(client.apiCall('admin.users.list')).rejects.toMatchObject({ data: { error: 'unknown_method' } });
  });

  it('uploads a file to a channel', async () => {
    const url = await client.files.getUploadURLExternal({ filename: 'audit.jsonl', length: 11 });
    const upload = await fetch(url.upload_url!, { method: 'POST', body: 'hello audit' });
    await client.files.completeUploadExternal({ files: [{ id: url.file_id!, title: 'Audit export' }], channel_id: AUDIT_CHANNEL.id, initial_comment: 'Here is the export' });
    const download = await fetch(`${sim.url}/files/${url.file_id}`);

    expect(upload.status).toBe(200);
    expect(messagesIn(AUDIT_CHANNEL.id)).toEqual([expect.objectContaining({ text: 'Here is the export', files: [{ id: url.file_id, name: 'audit.jsonl', title: 'Audit export' }] })]);
    expect(await download.text()).toBe('hello audit');
  });

  it('takes the multipart upload of files.uploadV2', async () => {
    const dm = await client.conversations.open({ users: OWNER });

    await client.files.uploadV2({ channel_id: dm.channel!.id!, file: Buffer.from('seq,action\n1,bot.start\n'), filename: 'audit.csv', title: 'Audit log export' });
    const [message] = messagesIn(dmChannelId(OWNER), OWNER);
    const download = await fetch(`${sim.url}/files/${message!.files[0]!.id}`);

    expect(message!.files[0]).toMatchObject({ name: 'audit.csv', title: 'Audit log export' });
    expect(await download.text()).toBe('seq,action\n1,bot.start\n');
  });
});

describe('simulator views', () => {
  async function openModal(): Promise<{ viewId: string; hash: string }> {
    await sim.interactions.runCommand(LEAD, WORK_CHANNEL.id, '/wix invite');
    const result = await client.views.open({ trigger_id: bot.form().get('trigger_id')!, view: MODAL as never });
    return { viewId: result.view!.id!, hash: result.view!.hash! };
  }

  it('opens a modal with a fresh trigger and refuses a reused one', async () => {
    await sim.interactions.runCommand(LEAD, WORK_CHANNEL.id, '/wix invite');
    const trigger = bot.form().get('trigger_id')!;

    const opened = await client.views.open({ trigger_id: trigger, view: MODAL as never });

    expect(opened.view?.callback_id).toBe('invite_modal');
    expect(sim.store.modalStack(LEAD)).toHaveLength(1);
    await expect(client.views.open({ trigger_id: trigger, view: MODAL as never })).rejects.toMatchObject({ data: { error: 'exchanged_trigger_id' } });
  });

  it('refuses a trigger older than 3 seconds', async () => {
    await sim.interactions.runCommand(LEAD, WORK_CHANNEL.id, '/wix invite');
    const trigger = bot.form().get('trigger_id')!;
    clock += 3_001;

    await expect(client.views.open({ trigger_id: trigger, view: MODAL as never })).rejects.toMatchObject({ data: { error: 'expired_trigger_id' } });
  });

  it('refuses a stale hash in views.update', async () => {
    const { viewId, hash } = await openModal();
    await client.views.update({ view_id: viewId, hash, view: { ...MODAL, title: { type: 'plain_text', text: 'Invite 2' } } as never });

    await expect(client.views.update({ view_id: viewId, hash, view: MODAL as never })).rejects.toMatchObject({ data: { error: 'hash_conflict' } });
  });

  it('refuses a modal title over 24 characters', async () => {
    await sim.interactions.runCommand(LEAD, WORK_CHANNEL.id, '/wix invite');

    const attempt = client.views.open({ trigger_id: bot.form().get('trigger_id')!, view: { ...MODAL, title: { type: 'plain_text', text: 't'.repeat(25) } } as never });

    await expect(attempt).rejects.toMatchObject({ data: { error: 'invalid_blocks' } });
  });

  it('stops pushing at three views', async () => {
    await openModal();
    for (let i = 0; i < 3; i++) {
      await sim.interactions.blockAction(LEAD, { kind: 'view', viewId: sim.store.modalStack(LEAD).at(-1)!.id }, { type: 'button', action_id: 'more', block_id: 'b' }, {});
      const push = client.views.push({ trigger_id: bot.payload().trigger_id, view: MODAL as never });
      if (i < 2) await push;
      else await expect(push).rejects.toMatchObject({ data: { error: 'push_limit_reached' } });
    }
    expect(sim.store.modalStack(LEAD)).toHaveLength(3);
  });

  it('publishes a Home tab', async () => {
    await sim.interactions.openHome(OWNER);
    const event = JSON.parse(bot.received.at(-1)!.body);
    await client.views.publish({ user_id: OWNER, view: { type: 'home', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'Hello' } }] } });

    expect(bot.received.at(-1)!.contentType).toBe('application/json');
    expect(event).toMatchObject({ type: 'event_callback', team_id: TEAM.id, event: { type: 'app_home_opened', user: OWNER, tab: 'home' } });
    expect(sim.store.homeViews.get(OWNER)).toBeDefined();
  });
});

describe('simulator interactions', () => {
  it('sends a slash command as Slack does', async () => {
    await sim.interactions.runCommand(LEAD, WORK_CHANNEL.id, '/wix team --page 2');
    const form = bot.form();

    expect(bot.received[0]!.contentType).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(form)).toMatchObject({ command: '/wix', text: 'team --page 2', user_id: LEAD, team_id: TEAM.id, channel_id: WORK_CHANNEL.id });
    expect(form.get('response_url')).toMatch(new RegExp(`^${sim.url}/response/`));
  });

  it('reports a bot that does not answer in time', async () => {
    bot.reply = () => ({ delayMs: 800 });

    const result = await sim.interactions.runCommand(LEAD, WORK_CHANNEL.id, '/wix team');

    expect(result.ok).toBe(false);
    expect(messagesIn(WORK_CHANNEL.id).at(-1)?.text).toMatch(/operation_timeout/);
  });

  it('applies response_url replies', async () => {
    await sim.interactions.runCommand(LEAD, WORK_CHANNEL.id, '/wix team');
    const responseUrl = bot.form().get('response_url')!;
    const send = (body: unknown) => fetch(responseUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

    await send({ text: 'Loading…' });
    await send({ text: 'Page 1', replace_original: true });
    await send({ text: 'For everyone', response_type: 'in_channel' });

    expect(messagesIn(WORK_CHANNEL.id, LEAD).filter((m) => !m.note).map((m) => [m.text, m.ephemeralTo])).toEqual([
      ['Page 1', LEAD],
      ['For everyone', null],
    ]);
    expect(messagesIn(WORK_CHANNEL.id, OWNER).map((m) => m.text)).toEqual(['For everyone']);
  });

  it('deletes the original message of an action', async () => {
    const posted = await client.chat.postMessage({ channel: APPROVALS_CHANNEL.id, text: 'Card', blocks: [{ type: 'actions', elements: [{ type: 'button', action_id: 'approve', text: { type: 'plain_text', text: 'Approve' } }] }] });
    await sim.interactions.blockAction(OWNER, { kind: 'message', channel: APPROVALS_CHANNEL.id, ts: posted.ts! }, { type: 'button', action_id: 'approve', block_id: 'b' }, {});
    const payload = bot.payload();

    await fetch(payload.response_url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ delete_original: true }) });

    expect(payload).toMatchObject({ type: 'block_actions', container: { type: 'message', is_ephemeral: false }, message: { ts: posted.ts }, actions: [{ action_id: 'approve' }] });
    expect(messagesIn(APPROVALS_CHANNEL.id, OWNER)).toEqual([]);
  });

  it('refuses a response_url after five uses', async () => {
    await sim.interactions.runCommand(LEAD, WORK_CHANNEL.id, '/wix team');
    const responseUrl = bot.form().get('response_url')!;
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await fetch(responseUrl, { method: 'POST', body: JSON.stringify({ text: `reply ${i}` }) })).status);

    expect(statuses).toEqual([200, 200, 200, 200, 200, 404]);
  });

  it('keeps a modal open with response_action errors', async () => {
    bot.reply = () => ({});
    await sim.interactions.runCommand(LEAD, WORK_CHANNEL.id, '/wix invite');
    const opened = await client.views.open({ trigger_id: bot.form().get('trigger_id')!, view: MODAL as never });
    bot.reply = () => ({ body: JSON.stringify({ response_action: 'errors', errors: { email: 'Not an email address' } }) });

    await sim.interactions.submitView(LEAD, opened.view!.id!, { email: { email_input: { type: 'email_text_input', value: 'nope' } } });

    expect(bot.payload()).toMatchObject({ type: 'view_submission', view: { callback_id: 'invite_modal', state: { values: { email: { email_input: { value: 'nope' } } } } } });
    expect(sim.store.modalStack(LEAD)[0]?.errors).toEqual({ email: 'Not an email address' });
  });

  it('closes a modal on an empty acknowledgement', async () => {
    await sim.interactions.runCommand(LEAD, WORK_CHANNEL.id, '/wix invite');
    const opened = await client.views.open({ trigger_id: bot.form().get('trigger_id')!, view: MODAL as never });

    await sim.interactions.submitView(LEAD, opened.view!.id!, {});

    expect(sim.store.modalStack(LEAD)).toEqual([]);
  });

  it('replaces a modal on response_action update', async () => {
    await sim.interactions.runCommand(LEAD, WORK_CHANNEL.id, '/wix invite');
    const opened = await client.views.open({ trigger_id: bot.form().get('trigger_id')!, view: MODAL as never });
    bot.reply = () => ({ body: JSON.stringify({ response_action: 'update', view: { ...MODAL, title: { type: 'plain_text', text: 'Sent' } } }) });

    await sim.interactions.submitView(LEAD, opened.view!.id!, {});

    expect(sim.store.modalStack(LEAD)[0]?.view.title).toEqual({ type: 'plain_text', text: 'Sent' });
  });

  it('loads external select options with block_suggestion', async () => {
    await sim.interactions.runCommand(LEAD, WORK_CHANNEL.id, '/wix invite');
    const opened = await client.views.open({ trigger_id: bot.form().get('trigger_id')!, view: MODAL as never });
    bot.reply = () => ({ body: JSON.stringify({ options: [{ text: { type: 'plain_text', text: 'Blue Fern Yoga' }, value: 'site-1' }] }) });

    const result = await sim.interactions.suggest(LEAD, { kind: 'view', viewId: opened.view!.id! }, 'sites', 'site_pick', 'blue', {});

    expect(bot.payload()).toMatchObject({ type: 'block_suggestion', action_id: 'site_pick', block_id: 'sites', value: 'blue', view: { id: opened.view!.id } });
    expect(result.options).toHaveLength(1);
  });

  it('refuses options that break Slack limits', async () => {
    await sim.interactions.runCommand(LEAD, WORK_CHANNEL.id, '/wix invite');
    const opened = await client.views.open({ trigger_id: bot.form().get('trigger_id')!, view: MODAL as never });
    bot.reply = () => ({ body: JSON.stringify({ options: [{ text: { type: 'plain_text', text: 'x'.repeat(76) }, value: 'v' }] }) });

    const result = await sim.interactions.suggest(LEAD, { kind: 'view', viewId: opened.view!.id! }, 'sites', 'site_pick', 'xxx', {});

    expect(result.ok).toBe(false);
  });
});
