import { chromium } from 'playwright-core';
import { join } from 'node:path';
import { REPO_ROOT, startSandbox } from './sandbox.js';
import { WORK_CHANNEL } from './slack/workspace.js';
import { NO_FAULTS } from './wix/faults.js';

/**
 * Takes docs/sandbox.png for the README: starts the sandbox, runs a few commands as the team lead
 * in headless Chromium (Debian's /usr/bin/chromium, or CHROMIUM_PATH) and saves the page.
 * Usage: npx tsx sandbox/screenshot.ts
 */

const commands = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['/wix help'];
const output = join(REPO_ROOT, 'docs', 'sandbox.png');

const sandbox = await startSandbox({ simulatorPort: 0, faults: NO_FAULTS, logLevel: 'warn', botOutput: 'ignore' });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  await page.goto(`${sandbox.simulatorUrl}/?user=U0SBLEAD1#${WORK_CHANNEL.id}`);
  await page.waitForSelector('body[data-ready=true]');
  for (const command of commands) {
    const before = await page.locator('#messages .message').count();
    await page.fill('#composer', command);
    await page.press('#composer', 'Enter');
    // A command adds its echo, then the bot's reply or a modal.
    await page.waitForFunction(`document.querySelectorAll('#messages .message').length >= ${before + 2} || document.querySelector('.modal') !== null`, undefined, { timeout: 15_000 });
    await page.waitForTimeout(500);
  }
  await page.screenshot({ path: output });
  console.log(`Saved ${output}`);
} finally {
  await browser.close();
  await sandbox.stop();
}
