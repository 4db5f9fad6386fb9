import { afterEach, describe, expect, it } from 'vitest';
import { PICKER_ACTIONS } from '../../../src/views/pickers.js';
import { startTestBot, type TestBot } from '../../helpers/bot.js';
import { fakeWix, makeSites } from '../../helpers/fake-wix.js';
import { blockSuggestion } from '../../helpers/payloads.js';

const ALL_PICKERS = Object.values(PICKER_ACTIONS);

describe('picker policy', () => {
  let t: TestBot;

  afterEach(async () => {
    await t.stop();
  });

  it.each(ALL_PICKERS)('gives %s nothing to a member without a rule', async (actionId) => {
    const wix = fakeWix({ sites: makeSites(5) });
    t = await startTestBot();
    const callsAtStart = wix.calls.length;

    const response = await t.interact(blockSuggestion(actionId, '', 'U0MEMBER1'));

    expect(JSON.parse(response.body)).toEqual({ options: [] });
    expect(wix.calls).toHaveLength(callsAtStart);
    expect(t.logs.find('picker request rejected by the policy')?.actionId).toBe(actionId);
  });

  it('answers a team lead allowed through a user group', async () => {
    fakeWix({ sites: makeSites(5) });
    t = await startTestBot();

    const response = await t.interact(blockSuggestion(PICKER_ACTIONS.site, 'site', 'U0LEAD001'));

    const options = (JSON.parse(response.body) as { options: unknown[] }).options;
    expect(options).toHaveLength(5);
  });

  it('answers only the pickers of allowed forms', async () => {
    fakeWix({ sites: makeSites(5) });
    t = await startTestBot({
      policy: `
commands:
  invite: [U0MEMBER1]
`,
    });

    const sites = await t.interact(blockSuggestion(PICKER_ACTIONS.sites, 'site', 'U0MEMBER1'));
    const site = await t.interact(blockSuggestion(PICKER_ACTIONS.site, 'site', 'U0MEMBER1'));

    expect((JSON.parse(sites.body) as { options: unknown[] }).options).toHaveLength(5);
    expect(JSON.parse(site.body)).toEqual({ options: [] });
  });
});
