import { LogLevel, WebClient, type Logger } from '@slack/web-api';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSlackSimulator, type SlackSimulator } from '../../sandbox/slack/server.js';
import { APPROVALS_CHANNEL, WORK_CHANNEL } from '../../sandbox/slack/workspace.js';
import { FakeBot, type JsonBody } from '../sandbox/fake-bot.js';
import { CHROMIUM_PATH, chromiumMissing, PEOPLE, requireChromium, runCommand, waitForMessage } from './harness.js';

requireChromium();

const TOKEN = 'xoxb-sandbox-e2e-token';
const SECRET = 'sandbox-e2e-signing-secret';
const quietLogger: Logger = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => LogLevel.ERROR, setName() {} };

const option = (text: string, value: string) => ({ text: { type: 'plain_text', text }, value });

/** A modal with every element kind the bot's views use. */
const FORM = {
  type: 'modal',
  callback_id: 'demo_form',
  title: { type: 'plain_text', text: 'Invite to Wix' },
  submit: { type: 'plain_text', text: 'Send invite' },
  close: { type: 'plain_text', text: 'Cancel' },
  blocks: [
    { type: 'section', block_id: 'intro', text: { type: 'mrkdwn', text: 'Site &lt;!channel&gt; &amp; *Bold Site* _note_ <https://example.com/docs|the docs>' } },
    { type: 'input', block_id: 'email', label: { type: 'plain_text', text: 'Email' }, element: { type: 'email_text_input', action_id: 'email_input' } },
    { type: 'input', block_id: 'role', label: { type: 'plain_text', text: 'Role' }, element: { type: 'static_select', action_id: 'role_pick', options: [option('Website Manager', 'r1'), option('Website Designer', 'r2')] } },
    { type: 'input', block_id: 'site', optional: true, label: { type: 'plain_text', text: 'Site' }, element: { type: 'external_select', action_id: 'site_pick', min_query_length: 1 } },
    { type: 'input', block_id: 'extras', optional: true, label: { type: 'plain_text', text: 'Extras' }, element: { type: 'checkboxes', action_id: 'extras_pick', options: [option('Send a welcome DM', 'dm')] } },
  ],
};

const CARD_BLOCKS = [
  { type: 'section', block_id: 'card', text: { type: 'mrkdwn', text: '*Transfer request* for Blue Fern Yoga' }, accessory: { type: 'overflow', action_id: 'card_more', options: [option('View site', 'view'), option('Cancel request', 'cancel')] } },
  {
    type: 'actions',
    block_id: 'decide',
    elements: [
      { type: 'button', action_id: 'approve', style: 'primary', text: { type: 'plain_text', text: 'Approve' }, value: 'req-1', confirm: { title: { type: 'plain_text', text: 'Approve transfer?' }, text: { type: 'mrkdwn', text: 'The site moves *now*.' }, confirm: { type: 'plain_text', text: 'Approve' }, deny: { type: 'plain_text', text: 'Back' } } },
      { type: 'button', action_id: 'deny', style: 'danger', text: { type: 'plain_text', text: 'Deny' }, value: 'req-1' },
    ],
  },
];

describe.skipIf(chromiumMissing)('simulator page renders and sends Block Kit', { timeout: 60_000 }, () => {
  let bot: FakeBot;
  let sim: SlackSimulator;
  let client: WebClient;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    bot = new FakeBot(SECRET);
    await bot.start();
    sim = await startSlackSimulator({ botToken: TOKEN, signingSecret: SECRET, botRequestUrl: bot.url });
    client = new WebClient(TOKEN, { slackApiUrl: `${sim.url}/api/`, retryConfig: { retries: 0 }, logger: quietLogger });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await sim?.close();
    await bot?.close();
  });

  beforeEach(async () => {
    bot.reply = (request) => {
      const fields = new URLSearchParams(request.body);
      if (fields.get('command') === '/wix') void client.views.open({ trigger_id: fields.get('trigger_id')!, view: FORM as never });
      const payload = fields.get('payload');
      if (payload && (JSON.parse(payload) as JsonBody).type === 'block_suggestion') {
        return { body: JSON.stringify({ options: [option('Blue Fern Yoga', 'site-1'), option('Blue Harbor Dental', 'site-2')] }) };
      }
      return {};
    };
    page = await browser.newPage();
    await page.goto(`${sim.url}/?user=${PEOPLE.lead}#${WORK_CHANNEL.id}`);
    await page.waitForSelector('body[data-ready=true]');
  });

  it('shows escaped text as text and formats mrkdwn', async () => {
    await runCommand(page, '/wix invite');
    const intro = page.locator('.modal [data-block-id="intro"]');
    await intro.waitFor();

    expect(await intro.innerText()).toContain('Site <!channel> & Bold Site');
    expect(await intro.locator('b').innerText()).toBe('Bold Site');
    expect(await intro.locator('i').innerText()).toBe('note');
    expect(await intro.locator('a').getAttribute('href')).toBe('https://example.com/docs');
    expect(await intro.locator('.mention').count()).toBe(0);
  });

  it('keeps a modal open until required fields are filled', async () => {
    await runCommand(page, '/wix invite');
    await page.locator('.modal').waitFor();

    await page.click('.modal-submit');

    expect(await page.locator('.modal .input-error').allInnerTexts()).toEqual(['Please complete this required field.', 'Please complete this required field.']);
    expect(bot.payloadsOfType('view_submission')).toHaveLength(0);
  });

  it('submits inputs, static and external selects', async () => {
    await runCommand(page, '/wix invite');
    await page.locator('.modal').waitFor();

    await page.fill('.modal [data-action-id="email_input"]', 'new.person@example.com');
    await page.selectOption('.modal select[data-action-id="role_pick"]', { label: 'Website Designer' });
    await page.fill('.modal input[data-action-id="site_pick"]', 'blu');
    await page.click('.modal .combo-item:has-text("Blue Fern Yoga")');
    await page.check('.modal [data-block-id="extras"] input[type=checkbox]');
    await page.click('.modal-submit');
    await page.locator('.modal').waitFor({ state: 'detached' });

    const suggestion = bot.payloadsOfType('block_suggestion').at(-1)!;
    const values = bot.payloadsOfType('view_submission').at(-1)!.view.state.values;
    expect(suggestion).toMatchObject({ action_id: 'site_pick', block_id: 'site', value: 'blu' });
    expect(values.email.email_input.value).toBe('new.person@example.com');
    expect(values.role.role_pick.selected_option.value).toBe('r2');
    expect(values.site.site_pick.selected_option.value).toBe('site-1');
    expect(values.extras.extras_pick.selected_options.map((o: { value: string }) => o.value)).toEqual(['dm']);
  });

  it('asks to confirm a button and shows live edits', async () => {
    const posted = await client.chat.postMessage({ channel: APPROVALS_CHANNEL.id, text: 'Transfer request', blocks: CARD_BLOCKS as never });
    await page.click(`nav a[data-conversation="${APPROVALS_CHANNEL.id}"]`);
    const card = await waitForMessage(page, 'Transfer request');
    const before = bot.payloadsOfType('block_actions').length;

    await card.locator('[data-action-id="approve"]').click();
    await page.click('.confirm-deny');
    const afterDeny = bot.payloadsOfType('block_actions').length;
    await card.locator('[data-action-id="approve"]').click();
    expect(await page.locator('.confirm').innerText()).toContain('The site moves now.');
    await page.click('.confirm-ok');
    await expect.poll(() => bot.payloadsOfType('block_actions').length).toBe(before + 1);
    await client.chat.update({ channel: APPROVALS_CHANNEL.id, ts: posted.ts!, text: 'Approved by Omar', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: ':white_check_mark: Approved by <@U0SBOWNR1>' } }] });

    const edited = await waitForMessage(page, 'Approved by @Omar Reyes');
    expect(afterDeny).toBe(before);
    expect(bot.payloadsOfType('block_actions').at(-1)).toMatchObject({ container: { type: 'message', message_ts: posted.ts }, actions: [{ action_id: 'approve', value: 'req-1' }] });
    expect(await edited.locator('.edited').count()).toBe(1);
  });

  it('sends the chosen overflow option', async () => {
    const posted = await client.chat.postMessage({ channel: APPROVALS_CHANNEL.id, text: 'Another request', blocks: CARD_BLOCKS as never });
    await page.click(`nav a[data-conversation="${APPROVALS_CHANNEL.id}"]`);
    const card = page.locator(`#messages .message[data-ts="${posted.ts}"]`);
    await card.waitFor();

    await card.locator('[data-action-id="card_more"]').click();
    await card.locator('.menu-item', { hasText: 'Cancel request' }).click();

    await expect.poll(() => bot.payloadsOfType('block_actions').at(-1)?.actions[0].action_id).toBe('card_more');
    expect(bot.payloadsOfType('block_actions').at(-1)!.actions[0].selected_option.value).toBe('cancel');
  });

  it('renders mentions and keeps unsafe links as text', async () => {
    const text = 'Ping <@U0SBOWNR1> and <!subteam^S0SBOWNRS> in <#C0SBAUDIT>: file_name_here <javascript:alert(1)|click> `a < b`';
    const posted = await client.chat.postMessage({ channel: WORK_CHANNEL.id, text: 'mentions', blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] });
    const message = page.locator(`#messages .message[data-ts="${posted.ts}"]`);
    await message.waitFor();

    expect(await message.locator('.mention').allInnerTexts()).toEqual(['@Omar Reyes', '@owners', '#wix-audit']);
    expect(await message.locator('i').count()).toBe(0);
    expect(await message.locator('a').count()).toBe(0);
    expect(await message.innerText()).toContain('<javascript:alert(1)|click>');
    expect(await message.locator('code').innerText()).toBe('a < b');
  });
});
