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

describe('/wix domains', () => {
  let t: TestBot;
  let wix: FakeWix;
  const sites = makeSites(2, (i) => ({ displayName: i === 1 ? 'Demo <Shop>' : 'Blog' }));

  beforeEach(async () => {
    t = await startTestBot();
    wix = fakeWix({
      sites,
      registeredDomains: [{ id: 'demo-shop.com', domain: 'demo-shop.com', registrationStatus: 'ACTIVE', siteInfo: { siteId: sites[0]!.id } }],
      connectedDomains: [
        { id: 'blog.example.org', domain: 'blog.example.org', dnsPropagationStatus: 'IN_PROGRESS', siteInfo: { siteId: sites[1]!.id } },
        { id: 'spare.example.net', domain: 'spare.example.net', connectionType: 'POINTING' },
      ],
    });
  });

  afterEach(async () => {
    await t.stop();
  });

  it('warns that a list at the cap may be cut', async () => {
    wix.override('GET', '/domains/v1/registered-domains', 200, { registeredDomains: Array.from({ length: 100 }, (_, i) => ({ domain: `shop-${i}.com` })) });

    await t.command('domains');
    await t.settle();

    expect(text(reply(t))).toContain('The list may be cut');
  });

  it('lists registered and connected domains with their sites', async () => {
    await t.command('domains');
    await t.settle();

    const message = reply(t);
    const blocks = text(message);
    expect(blocks).toContain('1 registered domain · 2 connected domains');
    expect(blocks).toContain('*demo-shop.com* · registered with Wix\\nStatus: ACTIVE · serves <https://manage.wix.com/dashboard/5c5c5c5c-0000-4000-8000-000000000001|Demo &lt;Shop&gt;>');
    expect(blocks).toContain('*blog.example.org* · connected (registered elsewhere)\\nStatus: IN_PROGRESS · serves <https://manage.wix.com/dashboard/5c5c5c5c-0000-4000-8000-000000000002|Blog>');
    expect(blocks).toContain('Status: POINTING · serves _no site_');
    expect(blockKitViolations('message', message)).toEqual([]);
  });

  it('filters by name', async () => {
    await t.command('domains example');
    await t.settle();

    const blocks = text(reply(t));
    expect(blocks).toContain('2 matches for “example”');
    expect(blocks).not.toContain('demo-shop.com*');
  });

  it('pages 200 domains', async () => {
    wix.account.registeredDomains = Array.from({ length: 100 }, (_, i) => ({ id: `d${i}.com`, domain: `${'a'.repeat(58)}${String(i).padStart(2, '0')}.com`, registrationStatus: 'A'.repeat(200), siteInfo: { siteId: 'x'.repeat(200) } }));
    wix.account.connectedDomains = Array.from({ length: 100 }, (_, i) => ({ id: `c${i}.com`, domain: `${'<'.repeat(250)}${i}.com` }));

    await t.command('domains');
    await t.settle();
    const first = reply(t);
    await t.interact(blockAction({ actionId: 'domains_page:next', value: JSON.stringify({ p: 9, q: '' }) }));
    await t.settle();
    const last = reply(t, 1);

    expect(text(first)).toContain('Domains 1–20 of 200 · page 1 of 10');
    expect(text(last)).toContain('Domains 181–200 of 200 · page 10 of 10');
    expect(last.replace_original).toBe(true);
    expect(blockKitViolations('message', first)).toEqual([]);
    expect(blockKitViolations('message', last)).toEqual([]);
  });

  it('names the endpoint when a domain has no name', async () => {
    wix.override('GET', '/domains/v1/connected-domains', 200, { connectedDomains: [{ connectionType: 'POINTING' }] });

    await t.command('domains');
    await t.settle();

    const blocks = text(reply(t));
    expect(blocks).toContain('List Connected Domains');
    expect(blocks).toContain('connected domain has no domain or id');
  });
});

describe('/wix domains check', () => {
  let t: TestBot;
  let wix: FakeWix;

  beforeEach(async () => {
    t = await startTestBot();
    wix = fakeWix();
  });

  afterEach(async () => {
    await t.stop();
  });

  it('says a domain is available', async () => {
    await t.command('domains check My-New-Shop.com');
    await t.settle();

    expect(text(reply(t))).toContain(':white_check_mark: *my-new-shop.com* is available to register.');
    expect(wix.calls[0]?.path).toBe('/domain-search/v2/check-domain-availability?domain=my-new-shop.com');
  });

  it('says a domain is taken', async () => {
    await t.command('domains check taken.com');
    await t.settle();

    expect(text(reply(t))).toContain(':no_entry: *taken.com* is not available.');
  });

  it.each([
    [`${'a'.repeat(63)}.com`, `${'a'.repeat(63)}.com`],
    [`${'a'.repeat(60)}.example.com`, `${'a'.repeat(60)}.example.com`],
    [`${Array.from({ length: 4 }, () => 'a'.repeat(61)).join('.')}.com`, `${Array.from({ length: 4 }, () => 'a'.repeat(61)).join('.')}.com`],
    ['example.com.', 'example.com'],
    ['EXAMPLE.COM', 'example.com'],
    ['xn--bcher-kva.de', 'xn--bcher-kva.de'],
    ['example.xn--p1ai', 'example.xn--p1ai'],
    ['a.co', 'a.co'],
  ])('accepts %s', async (name, sent) => {
    await t.command(`domains check ${name}`);
    await t.settle();

    expect(wix.calls).toHaveLength(1);
    expect(wix.calls[0]?.path).toBe(`/domain-search/v2/check-domain-availability?domain=${sent}`);
  });

  it.each([
    [`${'a'.repeat(64)}.com`, 'a part longer than 63 characters'],
    [`${Array.from({ length: 5 }, () => 'a'.repeat(60)).join('.')}.com`, 'a domain has at most 253'],
    ['bücher.de', 'give the name in punycode (xn--…)'],
    ['.', 'The domain name is empty'],
    ['example.com..', 'empty part between dots'],
    ['shop', 'has no top-level domain'],
    ['my_shop.com', 'only letters, digits, hyphens and dots'],
    ['<!channel>.com', 'only letters, digits, hyphens and dots'],
    ['-shop.com', 'starts or ends with a hyphen'],
    ['shop..com', 'empty part between dots'],
    ['shop.c0m', 'not a top-level domain'],
  ])('rejects %s', async (name, reason) => {
    await t.command(`domains check ${name}`);
    await t.settle();

    const blocks = text(reply(t));
    expect(blocks).toContain(reason);
    expect(blocks).not.toContain('<!channel>');
    expect(wix.calls).toHaveLength(0);
  });

  it('asks for exactly one name', async () => {
    await t.command('domains check');
    await t.settle();

    expect(text(reply(t))).toContain('takes exactly one domain name');
  });
});
