import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORK_CHANNEL } from '../../sandbox/slack/workspace.js';
import { chromiumMissing, PEOPLE, requireChromium, runCommand, startE2E, waitForMessage, type E2E } from './harness.js';

requireChromium();

const EMAIL = 'rosa.fields@example.com';

describe.skipIf(chromiumMissing)('sandbox in a browser: invite', { timeout: 90_000 }, () => {
  let e2e: E2E;

  beforeAll(async () => {
    e2e = await startE2E();
  }, 60_000);

  afterAll(async () => {
    await e2e?.stop();
  });

  it('invites through the form and lists the invite as pending', async () => {
    const page = await e2e.open(PEOPLE.lead, WORK_CHANNEL.id);

    await runCommand(page, '/wix invite');
    const modal = page.locator('.modal[data-callback-id]', { has: page.locator('.modal-submit') });
    await modal.waitFor();
    await modal.locator('.input-block', { hasText: 'Email addresses' }).locator('textarea').fill(EMAIL);
    await modal.locator('.input-block', { hasText: 'Role' }).locator('select').selectOption({ label: 'Website Designer' });
    await modal.locator('.input-block', { hasText: 'Sites' }).locator('input').fill('Yoga');
    await page.locator('.combo-item').first().click();
    const site = await modal.locator('.input-block', { hasText: 'Sites' }).locator('.chip').first().innerText();
    await modal.locator('.modal-submit').click();

    await page.locator('.modal', { hasText: 'Invited' }).waitFor({ timeout: 20_000 });
    const invite = e2e.sandbox.wix.state.invites.find((i) => i.email === EMAIL);
    expect(invite?.status).toBe('Pending');
    expect(e2e.sandbox.wix.state.roles.find((r) => r.id === invite?.policyIds[0])?.name).toBe('Website Designer');
    expect(site).toContain('Yoga');

    await page.locator('.modal-close').click();
    await runCommand(page, '/wix team');
    await waitForMessage(page, EMAIL, 20_000);
  });

  it('shows field errors for a bad address', async () => {
    const page = await e2e.open(PEOPLE.owner, WORK_CHANNEL.id);

    await runCommand(page, '/wix invite');
    const modal = page.locator('.modal', { has: page.locator('.modal-submit') });
    await modal.waitFor();
    await modal.locator('.input-block', { hasText: 'Email addresses' }).locator('textarea').fill('not-an-address');
    await modal.locator('.input-block', { hasText: 'Role' }).locator('select').selectOption({ label: 'Website Manager' });
    await modal.locator('.modal-submit').click();

    await modal.locator('.input-error').first().waitFor();
    expect(await modal.locator('.input-block', { hasText: 'Email addresses' }).locator('.input-error').count()).toBe(1);
  });
});
