import { chromium, type Page } from 'playwright-core';
import { join } from 'node:path';
import { REPO_ROOT, startSandbox } from './sandbox.js';
import { APPROVALS_CHANNEL, WORK_CHANNEL } from './slack/workspace.js';
import { NO_FAULTS } from './wix/faults.js';
import { DEMO_ACCOUNT_ID } from './wix/seed.js';

/**
 * Takes docs/sandbox.png for the README: starts the sandbox, has the team lead request a site
 * transfer in headless Chromium (Debian's /usr/bin/chromium, or CHROMIUM_PATH), and saves what an
 * owner sees in #wix-approvals. With arguments, it runs those commands as the team lead instead
 * and saves #site-ops. Usage: npx tsx sandbox/screenshot.ts ['/wix help' …]
 */

const output = join(REPO_ROOT, 'docs', 'sandbox.png');
const commands = process.argv.slice(2);

async function run(page: Page, command: string): Promise<void> {
  const before = await page.locator('#messages .message').count();
  await page.fill('#composer', command);
  await page.press('#composer', 'Enter');
  // A command adds its echo, then the bot's reply or a modal.
  await page.waitForFunction(`document.querySelectorAll('#messages .message').length >= ${before + 2} || document.querySelector('.modal') !== null`, undefined, { timeout: 15_000 });
  await page.waitForTimeout(500);
}

const sandbox = await startSandbox({ simulatorPort: 0, faults: NO_FAULTS, logLevel: 'warn', botOutput: 'ignore' });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const open = async (user: string, place: string) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 760 }, deviceScaleFactor: 1 });
    await page.goto(`${sandbox.simulatorUrl}/?user=${user}#${place}`);
    await page.waitForSelector('body[data-ready=true]');
    return page;
  };
  const lead = await open('U0SBLEAD1', WORK_CHANNEL.id);
  if (commands.length > 0) {
    for (const command of commands) await run(lead, command);
    await lead.screenshot({ path: output });
  } else {
    const site = sandbox.wix.state.sites.find((s) => s.ownerAccountId === DEMO_ACCOUNT_ID && s.namespace === 'WIX' && !s.premium)!;
    await run(lead, `/wix transfer ${site.id} --to "Harborlight Retail Clients" --reason "The client moved to the retail plan"`);
    const owner = await open('U0SBOWNR1', APPROVALS_CHANNEL.id);
    await owner.locator('#messages .message', { hasText: site.displayName }).waitFor();
    await owner.screenshot({ path: output });
  }
  console.log(`Saved ${output}`);
} finally {
  await browser.close();
  await sandbox.stop();
}
