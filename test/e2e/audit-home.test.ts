import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dmChannelId, WORK_CHANNEL } from '../../sandbox/slack/workspace.js';
import { chromiumMissing, PEOPLE, requireChromium, runCommand, startE2E, switchTo, waitForMessage, type E2E } from './harness.js';

requireChromium();

describe.skipIf(chromiumMissing)('sandbox in a browser: Home tab and audit', { timeout: 90_000 }, () => {
  let e2e: E2E;

  beforeAll(async () => {
    e2e = await startE2E();
  }, 60_000);

  afterAll(async () => {
    await e2e?.stop();
  });

  it('publishes the Home tab when it is opened', async () => {
    const page = await e2e.open(PEOPLE.owner, 'home');

    await page.locator('#home .block.header', { hasText: 'wix-team-bot' }).waitFor({ timeout: 15_000 });

    expect(await page.locator('#home').innerText()).toContain('/wix help');
  });

  it('lists recent events and exports the log to the DM', async () => {
    const page = await e2e.open(PEOPLE.owner, WORK_CHANNEL.id);

    await runCommand(page, '/wix audit');
    await waitForMessage(page, 'bot.start');
    await runCommand(page, '/wix audit export --format csv');
    await waitForMessage(page, /export/i);
    await switchTo(page, dmChannelId(PEOPLE.owner));
    const file = page.locator('#messages .file', { hasText: 'Audit log export' });
    await file.waitFor({ timeout: 15_000 });
    const download = await page.request.get(await file.getAttribute('href').then((href) => new URL(href!, e2e.sandbox.simulatorUrl).toString()));

    expect(download.status()).toBe(200);
    expect((await download.text()).split('\n')[0]).toMatch(/seq|sequence/i);
  });

  it('refuses /wix audit to a team lead', async () => {
    const page = await e2e.open(PEOPLE.lead, WORK_CHANNEL.id);

    await runCommand(page, '/wix audit');

    const reply = await waitForMessage(page, /not allowed|may not|cannot|only/i);
    expect(await reply.innerText()).not.toContain('bot.start');
  });
});
