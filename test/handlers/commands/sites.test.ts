import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blockKitViolations } from '../../../src/views/limits.js';
import { startTestBot, type TestBot } from '../../helpers/bot.js';
import { fakeWix, makeSites, type FakeWix } from '../../helpers/fake-wix.js';
import { blockAction } from '../../helpers/payloads.js';

function reply(t: TestBot, index = 0): Record<string, unknown> {
  const response = t.slack.responses[index];
  if (!response) throw new Error(`no response_url post #${index}`);
  return response.body;
}

function text(message: Record<string, unknown>): string {
  return JSON.stringify(message.blocks);
}

function buttonValue(message: Record<string, unknown>, actionId: string): string {
  const blocks = message.blocks as Array<{ elements?: Array<{ action_id?: string; value?: string }> }>;
  const button = blocks.flatMap((block) => block.elements ?? []).find((element) => element.action_id === actionId);
  if (!button?.value) throw new Error(`no ${actionId} button`);
  return button.value;
}

describe('/wix sites', () => {
  let t: TestBot;
  let wix: FakeWix;

  beforeEach(async () => {
    t = await startTestBot();
    wix = fakeWix({
      folders: [{ id: 'f-clients', name: 'Clients <2026>' }],
      sites: [
        ...makeSites(1, () => ({ displayName: 'Demo Shop', viewUrl: 'https://demo-shop.com', published: true, premium: true, editorType: 'STUDIO', folderId: 'f-clients' })),
        ...makeSites(1, () => ({ displayName: 'Headless Store', viewUrl: '', published: false, premium: false, namespace: 'HEADLESS', editorType: 'EDITORLESS' }), 2),
      ],
    });
  });

  afterEach(async () => {
    await t.stop();
  });

  it('lists every namespace with details and totals', async () => {
    await t.command('sites');
    await t.settle();

    const message = reply(t);
    const blocks = text(message);
    expect(blocks).toContain('2 sites (Count Sites, every namespace)');
    expect(blocks).toContain('*Demo Shop* · <https://demo-shop.com|https://demo-shop.com>');
    expect(blocks).toContain('published: yes · premium: yes · editor: STUDIO · folder: Clients &lt;2026&gt;');
    expect(blocks).toContain('<https://manage.wix.com/dashboard/5c5c5c5c-0000-4000-8000-000000000001|Open in the Wix dashboard>');
    expect(blocks).toContain('*Headless Store* · _no published URL_');
    expect(blocks).toContain('namespace: HEADLESS');
    expect(blocks).not.toContain('incomplete');
    expect(blockKitViolations('message', message)).toEqual([]);
    const query = wix.calls.find((call) => call.path === '/site-list/v2/sites/query');
    expect(query?.body).toMatchObject({ query: { filter: { namespace: { $in: ['WIX', 'HEADLESS'] } } } });
  });

  it('searches by domain', async () => {
    await t.command('sites demo-shop.com');
    await t.settle();

    const blocks = text(reply(t));
    expect(blocks).toContain('1 site matching “demo-shop.com”');
    expect(blocks).not.toContain('Headless Store');
  });

  it('says when no site matches', async () => {
    await t.command('sites nothing-like-this');
    await t.settle();

    expect(text(reply(t))).toContain('No site matches');
  });

  it('names the endpoint and field when Query Sites changes shape', async () => {
    wix.override('POST', '/site-list/v2/sites/query', 200, { sites: [{ displayName: 'no id' }] });

    await t.command('sites');
    await t.settle();

    const blocks = text(reply(t));
    expect(blocks).toContain('Query Sites');
    expect(blocks).toContain('sites.0.id');
  });

  it('shows folder IDs when Query Folders fails', async () => {
    wix.override('POST', '/site-folders/v2/folders/query', 403, { message: 'forbidden' });

    await t.command('sites');
    await t.settle();

    expect(text(reply(t))).toContain('folder: f-clients');
  });
});

describe('/wix sites with many sites', () => {
  let t: TestBot;
  let wix: FakeWix;

  beforeEach(async () => {
    t = await startTestBot();
    wix = fakeWix({ sites: makeSites(1200, (i) => ({ displayName: `${'&'.repeat(480)} ${i}`, viewUrl: `https://${'x'.repeat(300)}.example.com/${i}`, folderId: i <= 600 ? 'f-a' : undefined })), folders: [{ id: 'f-a', name: 'A'.repeat(500) }] });
  });

  afterEach(async () => {
    await t.stop();
  });

  it('pages past 1,000 sites through the partitioned index', async () => {
    await t.command('sites');
    await t.settle();
    const first = reply(t);

    await t.interact(blockAction({ actionId: 'sites_page:next', value: buttonValue(first, 'sites_page:next') }));
    await t.settle();
    const second = reply(t, 1);

    expect(text(first)).toContain('1200 sites');
    expect(text(first)).toContain('Sites 1–10 of 1200 · page 1 of 120');
    expect(text(first)).not.toContain('incomplete');
    expect(second.replace_original).toBe(true);
    expect(text(second)).toContain('Sites 11–20 of 1200 · page 2 of 120');
    expect(blockKitViolations('message', first)).toEqual([]);
    expect(blockKitViolations('message', second)).toEqual([]);
  });

  it('says the list is incomplete when a partition hits the cap', async () => {
    for (const site of wix.account.sites) Object.assign(site, { folderId: undefined, published: true, premium: true, namespace: 'WIX' });

    await t.command('sites');
    await t.settle();

    const blocks = text(reply(t));
    expect(blocks).toContain(':warning: The list is incomplete: 1000 of 1200 sites could be read');
    expect(t.bot.deps.pickers.sites.complete).toBe(false);
  });

  it('jumps to the last page', async () => {
    await t.interact(blockAction({ actionId: 'sites_page:next', value: JSON.stringify({ p: 119, q: '' }) }));
    await t.settle();

    const message = reply(t);
    expect(text(message)).toContain('Sites 1191–1200 of 1200 · page 120 of 120');
    expect(text(message)).toContain('sites_page:previous');
    expect(blockKitViolations('message', message)).toEqual([]);
  });
});
