import { afterEach, describe, expect, it, vi } from 'vitest';
import { optionsResponseViolations } from '../../../src/views/limits.js';
import { NO_MATCH_VALUE, PICKER_ACTIONS } from '../../../src/views/pickers.js';
import { startTestBot, type TestBot } from '../../helpers/bot.js';
import { fakeWix, makeSites, type FakeWix } from '../../helpers/fake-wix.js';
import { blockSuggestion } from '../../helpers/payloads.js';

interface OptionsAnswer {
  options: Array<{ text: { text: string }; value: string; description?: { text: string } }>;
}

/** 10,000 sites: 400 at the root, 10 folders of 840, and one folder of 1,200 that needs splitting. */
function tenThousandSites(): { sites: Array<Record<string, unknown>>; folders: Array<{ id: string; name: string }> } {
  const folders = [...Array.from({ length: 10 }, (_, i) => ({ id: `folder-${i}`, name: `Folder ${i}` })), { id: 'folder-big', name: 'Big' }];
  const sites = makeSites(10_000, (i) => {
    if (i <= 400) return {};
    if (i <= 8_800) return { folderId: `folder-${Math.floor((i - 401) / 840)}` };
    return { folderId: 'folder-big', namespace: i % 5 === 0 ? 'HEADLESS' : 'WIX' };
  });
  return { sites, folders };
}

async function suggest(t: TestBot, value: string): Promise<OptionsAnswer> {
  const response = await t.interact(blockSuggestion(PICKER_ACTIONS.site, value));
  expect(response.status).toBe(200);
  return JSON.parse(response.body) as OptionsAnswer;
}

describe('site picker with 10,000 sites', () => {
  let t: TestBot;
  let wix: FakeWix;

  afterEach(async () => {
    await t.stop();
  });

  it('loads every site in partitions at start-up', async () => {
    wix = fakeWix(tenThousandSites());
    t = await startTestBot({ warmPickers: true });

    const sites = await t.bot.deps.pickers.sites.items();

    expect(sites).toHaveLength(10_000);
    expect(new Set(sites.map((site) => site.id)).size).toBe(10_000);
    expect(t.bot.deps.pickers.sites.complete).toBe(true);
    const filters = wix.calls.filter((call) => call.path === '/site-list/v2/sites/query').map((call) => (call.body.query as { filter?: unknown }).filter);
    expect(filters).toContainEqual({ namespace: 'HEADLESS', folderId: 'folder-big', published: true, premium: true });
    expect(filters).toContainEqual({ namespace: { $in: ['WIX', 'HEADLESS'] }, folderId: { $exists: false } });
  });

  it('partitions without folders when Query Folders fails', async () => {
    wix = fakeWix({ sites: makeSites(2_400) });
    wix.override('POST', '/site-folders/v2/folders/query', 403, { message: 'forbidden' });
    t = await startTestBot();

    const sites = await t.bot.deps.pickers.sites.items();

    expect(sites).toHaveLength(2_400);
    expect(t.bot.deps.pickers.sites.complete).toBe(true);
    expect(t.logs.find('folders unavailable; sites are partitioned without them')).toBeDefined();
  });

  it('answers at most 100 options within limits', async () => {
    wix = fakeWix(tenThousandSites());
    t = await startTestBot({ warmPickers: true });
    await t.bot.deps.pickers.sites.items();

    const answer = await suggest(t, '');

    expect(answer.options).toHaveLength(100);
    expect(answer.options[99]?.value).toBe(NO_MATCH_VALUE);
    expect(answer.options[99]?.text.text).toBe('9901 more: type more of the name');
    expect(optionsResponseViolations(answer as never)).toEqual([]);
  });

  it('finds one site by name among 10,000', async () => {
    wix = fakeWix(tenThousandSites());
    t = await startTestBot({ warmPickers: true });
    await t.bot.deps.pickers.sites.items();

    const answer = await suggest(t, 'site 9995');

    expect(answer.options[0]).toMatchObject({ value: '5c5c5c5c-0000-4000-8000-000000009995', text: { text: 'Site 9995' } });
    expect(answer.options[0]?.description?.text).toContain('HEADLESS');
  });

  it('answers no match instead of an empty list', async () => {
    wix = fakeWix(tenThousandSites());
    t = await startTestBot({ warmPickers: true });
    await t.bot.deps.pickers.sites.items();

    const answer = await suggest(t, 'no such site');

    expect(answer.options).toEqual([{ text: { type: 'plain_text', text: 'No match for "no such site"' }, value: NO_MATCH_VALUE }]);
  });

  it('answers still loading while Wix is slow', async () => {
    t = await startTestBot();
    wix = fakeWix({ sites: makeSites(5) }, { latencyMs: 2_500 });

    const answer = await suggest(t, 'site');

    expect(answer.options).toEqual([{ text: { type: 'plain_text', text: 'Still loading from Wix: type again in a moment' }, value: NO_MATCH_VALUE }]);
    await t.bot.deps.pickers.sites.items();
  });

  it('refreshes after an invalidation', async () => {
    wix = fakeWix({ sites: makeSites(5) });
    t = await startTestBot();
    await t.bot.deps.pickers.sites.items();
    wix.account.sites.push(...makeSites(1, () => ({ displayName: 'Brand New' }), 99));

    t.bot.deps.pickers.sites.invalidate();
    const stale = await suggest(t, 'brand new');

    expect(stale.options[0]?.value).toBe(NO_MATCH_VALUE);
    await vi.waitFor(async () => expect((await suggest(t, 'brand new')).options[0]?.text.text).toBe('Brand New'));
  });

  it('gives a guest no options', async () => {
    wix = fakeWix({ sites: makeSites(5) });
    t = await startTestBot();
    const callsAtStart = wix.calls.length;

    const response = await t.interact(blockSuggestion(PICKER_ACTIONS.site, 'site', 'U0GUEST01'));

    expect(JSON.parse(response.body)).toEqual({ options: [] });
    expect(wix.calls).toHaveLength(callsAtStart);
  });
});
