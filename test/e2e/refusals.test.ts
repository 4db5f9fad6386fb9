import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_CHANNEL, WORK_CHANNEL } from '../../sandbox/slack/workspace.js';
import { chromiumMissing, PEOPLE, requireChromium, runCommand, startE2E, switchTo, waitForMessage, type E2E } from './harness.js';

requireChromium();

describe.skipIf(chromiumMissing)('sandbox in a browser: who may use the bot', { timeout: 60_000 }, () => {
  let e2e: E2E;

  beforeAll(async () => {
    e2e = await startE2E();
  }, 60_000);

  afterAll(async () => {
    await e2e?.stop();
  });

  it('answers a team lead with the help', async () => {
    const page = await e2e.open(PEOPLE.lead, WORK_CHANNEL.id);

    await runCommand(page, '/wix help');
    const reply = await waitForMessage(page, 'wix-team-bot commands');

    expect(await reply.locator('.only-you').count()).toBe(1);
    expect(await reply.innerText()).toContain('/wix help');
  });

  it('refuses a guest and records it in the audit channel', async () => {
    const page = await e2e.open(PEOPLE.guest, WORK_CHANNEL.id);

    await runCommand(page, '/wix help');
    await waitForMessage(page, 'Guests cannot use the bot');
    const owner = await e2e.open(PEOPLE.owner, WORK_CHANNEL.id);
    const seenByOwner = await owner.locator('#messages .message', { hasText: 'Guests cannot use the bot' }).count();
    await switchTo(owner, AUDIT_CHANNEL.id);

    await waitForMessage(owner, 'command.refused');
    expect(seenByOwner).toBe(0);
  });

  it('refuses a user from another organization', async () => {
    const page = await e2e.open(PEOPLE.partner, WORK_CHANNEL.id);

    await runCommand(page, '/wix help');

    await waitForMessage(page, /other workspaces or organizations/);
  });
});
