import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/sandbox.js';
import { NO_FAULTS } from '../../sandbox/wix/faults.js';

/** Debian's Chromium (or CHROMIUM_PATH); the e2e tests drive it with playwright-core and download no browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export const chromiumMissing = !existsSync(CHROMIUM_PATH);

/**
 * Without Chromium the e2e tests skip with a message, except in CI (CI=true), where a missing
 * browser means the CI script lost its install step, so they fail.
 */
export function requireChromium(): void {
  if (!chromiumMissing) return;
  const message = `${CHROMIUM_PATH} is missing; install it with "apt-get install -y chromium" to run the browser tests.`;
  if (process.env.CI === 'true') throw new Error(`${message} CI must install it before npm test (see .ci/run).`);
  process.stderr.write(`Skipping the e2e tests: ${message}\n`);
}

export const PEOPLE = { lead: 'U0SBLEAD1', owner: 'U0SBOWNR1', owner2: 'U0SBOWNR2', guest: 'U0SBGUEST', partner: 'U0SBEXTRN' } as const;

export interface E2E {
  sandbox: Sandbox;
  browser: Browser;
  /** Opens the sandbox page as a person, in a channel ID or "home". */
  open(userId: string, place: string): Promise<Page>;
  stop(): Promise<void>;
}

export async function startE2E(): Promise<E2E> {
  const sandbox = await startSandbox({ simulatorPort: 0, faults: NO_FAULTS, logLevel: 'warn', botOutput: 'ignore' });
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  } catch (error) {
    await sandbox.stop();
    throw error;
  }
  const pages: Page[] = [];
  return {
    sandbox,
    browser,
    async open(userId, place) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
      pages.push(page);
      page.on('pageerror', (error) => {
        throw error;
      });
      await page.goto(`${sandbox.simulatorUrl}/?user=${userId}#${place}`);
      await page.waitForSelector('body[data-ready=true]');
      return page;
    },
    async stop() {
      await browser.close();
      await sandbox.stop();
    },
  };
}

/** Types a slash command into the message box, as a person would. */
export async function runCommand(page: Page, text: string): Promise<void> {
  await page.fill('#composer', text);
  await page.press('#composer', 'Enter');
}

/** Returns the text of the messages in the open conversation, oldest first. */
export async function messageTexts(page: Page): Promise<string[]> {
  return page.locator('#messages .message .content').allInnerTexts();
}

/** Waits until a message in the open conversation contains the text, and returns its locator. */
export async function waitForMessage(page: Page, text: string | RegExp, timeout = 15_000) {
  const message = page.locator('#messages .message', { hasText: text }).last();
  await message.waitFor({ timeout });
  return message;
}

/** Opens a channel from the sidebar, or for a DM the app's Messages tab. */
export async function switchTo(page: Page, channelId: string): Promise<void> {
  await page.click(`nav a[data-conversation="${channelId}"]`);
  if (channelId.startsWith('D')) await page.click('.tab[data-tab="messages"]');
  await expect.poll(() => new URL(page.url()).hash).toBe(`#${channelId}`);
}
