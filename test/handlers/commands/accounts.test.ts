import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blockKitViolations } from '../../../src/views/limits.js';
import { startTestBot, type TestBot } from '../../helpers/bot.js';
import { fakeWix } from '../../helpers/fake-wix.js';
import { blockAction } from '../../helpers/payloads.js';

function reply(t: TestBot, index = 0): Record<string, unknown> {
  const response = t.slack.responses[index];
  if (!response) throw new Error(`no response_url post #${index}`);
  return response.body;
}

function text(message: Record<string, unknown>): string {
  return JSON.stringify(message.blocks);
}

const child = (i: number, name = `Client ${i}`) => ({ id: `33333333-3333-4333-8333-${String(i).padStart(12, '0')}`, name });

describe('/wix accounts', () => {
  let t: TestBot;

  beforeEach(async () => {
    t = await startTestBot();
  });

  afterEach(async () => {
    await t.stop();
  });

  it('lists child accounts with names', async () => {
    fakeWix({ childAccounts: [child(1, 'Acme <Ltd>'), child(2, 'Globex')] });

    await t.command('accounts');
    await t.settle();

    const blocks = text(reply(t));
    expect(blocks).toContain('*Main account:* Demo Agency `11111111-1111-4111-8111-111111111111`');
    expect(blocks).toContain('2 child accounts. Sites can be transferred to them.');
    expect(blocks).toContain('• Acme &lt;Ltd&gt; `33333333-3333-4333-8333-000000000001`');
    expect(blocks).toContain('• Globex');
  });

  it('marks a name that cannot be read', async () => {
    const wix = fakeWix({ childAccounts: [child(1, 'Acme')] });
    wix.override('GET', `/accounts/v1/accounts/${child(1).id}`, 403, { message: 'forbidden' });

    await t.command('accounts');
    await t.settle();

    const blocks = text(reply(t));
    expect(blocks).toContain(`• (name unavailable) \`${child(1).id}\``);
    expect(blocks.split(child(1).id)).toHaveLength(2);
  });

  it('filters by name', async () => {
    fakeWix({ childAccounts: [child(1, 'Acme'), child(2, 'Globex')] });

    await t.command('accounts glob');
    await t.settle();

    const blocks = text(reply(t));
    expect(blocks).toContain('1 child account matching “glob”');
    expect(blocks).not.toContain('Acme');
  });

  it('says when there are none', async () => {
    fakeWix();

    await t.command('accounts');
    await t.settle();

    expect(text(reply(t))).toContain('0 child accounts');
  });

  it('pages 300 accounts with long names', async () => {
    fakeWix({ childAccounts: Array.from({ length: 300 }, (_, i) => child(i, `${'&'.repeat(500)}${i}`)) });

    await t.command('accounts');
    await t.settle();
    const first = reply(t);
    await t.interact(blockAction({ actionId: 'accounts_page:next', value: JSON.stringify({ p: 11, q: '' }) }));
    await t.settle();
    const last = reply(t, 1);

    expect(text(first)).toContain('Child accounts 1–25 of 300 · page 1 of 12');
    expect(text(last)).toContain('Child accounts 276–300 of 300 · page 12 of 12');
    expect(blockKitViolations('message', first)).toEqual([]);
    expect(blockKitViolations('message', last)).toEqual([]);
  });
});
