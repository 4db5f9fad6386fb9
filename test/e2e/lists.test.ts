import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORK_CHANNEL } from '../../sandbox/slack/workspace.js';
import { chromiumMissing, PEOPLE, requireChromium, runCommand, startE2E, waitForMessage, type E2E } from './harness.js';

requireChromium();

describe.skipIf(chromiumMissing)('sandbox in a browser: lists', { timeout: 90_000 }, () => {
  let e2e: E2E;

  beforeAll(async () => {
    e2e = await startE2E();
  }, 60_000);

  afterAll(async () => {
    await e2e?.stop();
  });

  it('pages through the sites with Next and Previous', async () => {
    const page = await e2e.open(PEOPLE.lead, WORK_CHANNEL.id);

    await runCommand(page, '/wix sites');
    const list = await waitForMessage(page, 'Next →', 20_000);
    const blocks = list.locator('.blocks');
    const first = await blocks.innerText();
    await list.locator('button', { hasText: 'Next →' }).click();
    await expect.poll(() => blocks.innerText(), { timeout: 15_000 }).not.toBe(first);
    const second = await blocks.innerText();
    await list.locator('button', { hasText: '← Previous' }).click();

    await expect.poll(() => blocks.innerText(), { timeout: 15_000 }).toBe(first);
    expect(second).toContain('← Previous');
  });

  it('opens a member action from the overflow menu', async () => {
    const page = await e2e.open(PEOPLE.lead, WORK_CHANNEL.id);

    await runCommand(page, '/wix team');
    const list = await waitForMessage(page, 'Jonah Okafor', 20_000);
    const member = list.locator('.block.section', { hasText: 'Jonah Okafor' });
    await member.locator('.overflow-toggle').click();
    await member.locator('.menu-item', { hasText: 'Remove from team' }).click();
    const modal = page.locator('.modal');
    await modal.waitFor({ timeout: 15_000 });

    // The form opens naming only the Wix user ID and is updated with the name once the policy allows the user.
    await modal.getByText(/jonah/i).first().waitFor({ timeout: 15_000 });
    expect(await modal.innerText()).toMatch(/jonah/i);
  });
});
