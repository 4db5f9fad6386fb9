import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WORK_CHANNEL } from '../../sandbox/slack/workspace.js';
import { chromiumMissing, PEOPLE, requireChromium, runCommand, startE2E, waitForMessage, type E2E } from './harness.js';

requireChromium();

describe.skipIf(chromiumMissing)('sandbox in a browser: Wix fault switch', { timeout: 90_000 }, () => {
  let e2e: E2E;

  beforeAll(async () => {
    e2e = await startE2E();
  }, 60_000);

  afterAll(async () => {
    await e2e?.stop();
  });

  it('turns Wix 5xx answers on and off from the page', async () => {
    const page = await e2e.open(PEOPLE.owner, WORK_CHANNEL.id);

    await page.click('#faults summary');
    await page.fill('#fault-5xx', '1');
    await page.click('#fault-apply');
    await expect.poll(() => e2e.sandbox.wix.faults.serverErrorRate).toBe(1);
    await runCommand(page, '/wix transfer "Some Site" --to "Harborlight Nonprofits" --reason test');
    const failure = await waitForMessage(page, /internal error/i, 30_000);
    await page.fill('#fault-5xx', '0');
    await page.click('#fault-apply');

    await expect.poll(() => e2e.sandbox.wix.faults.serverErrorRate).toBe(0);
    expect(await failure.innerText()).toMatch(/503/);
  });
});
