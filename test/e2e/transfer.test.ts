import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPROVALS_CHANNEL, AUDIT_CHANNEL, dmChannelId, WORK_CHANNEL } from '../../sandbox/slack/workspace.js';
import { DEMO_ACCOUNT_ID, DEMO_CHILD_ACCOUNT_IDS } from '../../sandbox/wix/seed.js';
import { chromiumMissing, PEOPLE, requireChromium, runCommand, startE2E, switchTo, waitForMessage, type E2E } from './harness.js';

requireChromium();

describe.skipIf(chromiumMissing)('sandbox in a browser: transfer approval', { timeout: 120_000 }, () => {
  let e2e: E2E;

  beforeAll(async () => {
    e2e = await startE2E();
  }, 60_000);

  afterAll(async () => {
    await e2e?.stop();
  });

  it('refuses the requester, executes on an owner approval and audits it', async () => {
    const site = e2e.sandbox.wix.state.sites.find((s) => s.ownerAccountId === DEMO_ACCOUNT_ID && s.namespace === 'WIX' && !s.premium)!;
    const ownerOf = () => e2e.sandbox.wix.state.sites.find((s) => s.id === site.id)!.ownerAccountId;
    const lead = await e2e.open(PEOPLE.lead, WORK_CHANNEL.id);

    await runCommand(lead, `/wix transfer ${site.id} --to "Harborlight Retail Clients" --reason "The client moved to the retail plan"`);
    await waitForMessage(lead, site.displayName);

    await switchTo(lead, APPROVALS_CHANNEL.id);
    const leadCard = await waitForMessage(lead, site.displayName);
    const ephemeralBefore = await lead.locator('#messages .message.ephemeral').count();
    await leadCard.locator('button', { hasText: 'Approve' }).click();
    await lead.click('.confirm-ok');
    await expect.poll(() => lead.locator('#messages .message.ephemeral').count(), { timeout: 15_000 }).toBeGreaterThan(ephemeralBefore);
    const refusal = await lead.locator('#messages .message.ephemeral').last().innerText();
    expect(ownerOf()).toBe(DEMO_ACCOUNT_ID);

    const owner = await e2e.open(PEOPLE.owner, APPROVALS_CHANNEL.id);
    const ownerCard = await waitForMessage(owner, site.displayName);
    await ownerCard.locator('button', { hasText: 'Approve' }).click();
    await owner.click('.confirm-ok');
    await expect.poll(ownerOf, { timeout: 20_000 }).toBe(DEMO_CHILD_ACCOUNT_IDS[0]);
    await expect.poll(() => ownerCard.locator('button', { hasText: 'Approve' }).count(), { timeout: 15_000 }).toBe(0);

    await switchTo(owner, AUDIT_CHANNEL.id);
    // The outbox posts about one event a second, so the execution event comes last.
    const executed = await waitForMessage(owner, /\btransfer · succeeded/, 30_000);
    const audit = (await owner.locator('#messages .message').allInnerTexts()).join('\n');
    await switchTo(lead, dmChannelId(PEOPLE.lead));
    await waitForMessage(lead, site.displayName);

    expect(refusal).toMatch(/own request|requested it|yourself|not an approver|may not/i);
    expect(await executed.innerText()).toContain(site.id);
    expect(audit).toContain('approval.refuse');
    expect(audit).toContain('approval.approve');
  });

  it('denies with a reason and tells the requester', async () => {
    const sites = e2e.sandbox.wix.state.sites.filter((s) => s.ownerAccountId === DEMO_ACCOUNT_ID && s.namespace === 'WIX' && !s.premium);
    const site = sites[sites.length - 1]!;
    const lead = await e2e.open(PEOPLE.lead, WORK_CHANNEL.id);
    await runCommand(lead, `/wix transfer ${site.id} --to "Harborlight Nonprofits" --reason "Moving it to the nonprofit account"`);
    await waitForMessage(lead, site.displayName);

    const owner = await e2e.open(PEOPLE.owner2, APPROVALS_CHANNEL.id);
    const card = await waitForMessage(owner, site.displayName);
    await card.locator('button', { hasText: 'Deny' }).click();
    const modal = owner.locator('.modal', { hasText: 'Why is it denied?' });
    await modal.waitFor();
    await modal.locator('textarea').fill('The client has not signed the transfer form yet');
    await modal.locator('.modal-submit').click();

    await expect.poll(() => card.innerText(), { timeout: 15_000 }).toMatch(/denied/i);
    await switchTo(lead, dmChannelId(PEOPLE.lead));
    await waitForMessage(lead, 'The client has not signed the transfer form yet');
    expect(e2e.sandbox.wix.state.sites.find((s) => s.id === site.id)!.ownerAccountId).toBe(DEMO_ACCOUNT_ID);
  });
});
