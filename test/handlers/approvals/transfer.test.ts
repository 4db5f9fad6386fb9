import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APPROVALS_CHANNEL, AUDIT_CHANNEL, DEFAULT_POLICY, WIX_ACCOUNT_ID, startTestBot, type TestBot } from '../../helpers/bot.js';
import {
  CHILD_ACCOUNT_ID,
  PREMIUM_SITE,
  SITE,
  SITE_ID,
  click,
  nockAccounts,
  nockSites,
  nockTransfer,
  onlyRequestId,
  repliesTo,
  textOf,
  wixError,
} from '../../helpers/approvals.js';

const TRANSFER = `transfer ${SITE_ID} --to "Client Co" --reason "Client took over billing"`;

async function requestTransfer(t: TestBot, text = TRANSFER, userId = 'U0LEAD001'): Promise<void> {
  nockAccounts();
  nockSites([SITE]);
  await t.command(text, userId);
  await t.settle();
}

async function approve(t: TestBot, userId = 'U0OWNER01'): Promise<Record<string, unknown>> {
  const payload = click('approval_approve', onlyRequestId(t), userId);
  await t.interact(payload);
  await t.settle();
  return payload;
}

describe('/wix transfer', () => {
  let t: TestBot;

  beforeEach(async () => {
    t = await startTestBot();
  });

  afterEach(async () => {
    await t.stop();
  });

  it('posts a card and confirms to the requester', async () => {
    await requestTransfer(t);

    const cards = t.slack.callsTo('chat.postMessage').filter((call) => call.args.channel === APPROVALS_CHANNEL);
    expect(cards).toHaveLength(1);
    const card = textOf(cards[0]!.args);
    expect(card).toContain('Demo Shop');
    expect(card).toContain(SITE_ID);
    expect(card).toContain(WIX_ACCOUNT_ID);
    expect(card).toContain(CHILD_ACCOUNT_ID);
    expect(card).toContain('Client took over billing');
    expect(card).toContain('<!subteam^S0OWNERS1>');
    expect(card).toContain('approval_approve');
    expect(card).toContain('<!date^');
    const reply = t.slack.responses.at(-1)?.body;
    expect(reply?.response_type).toBe('ephemeral');
    expect(textOf(reply)).toContain('Open the approval card');
    expect(textOf(reply)).toContain('approval_cancel');
    expect(t.bot.deps.store.approvals.get(onlyRequestId(t))?.state).toBe('pending');
    expect(t.bot.deps.store.audit.query({ limit: 5, action: 'approval.request' })).toHaveLength(1);
  });

  it('runs the transfer once an owner approves', async () => {
    await requestTransfer(t);
    const transfer = nockTransfer();

    await approve(t);

    expect(transfer.isDone()).toBe(true);
    const request = t.bot.deps.store.approvals.get(onlyRequestId(t));
    expect(request?.state).toBe('succeeded');
    expect(request?.result?.wixRequestId).toBe('req-transfer-200');
    const updates = t.slack.callsTo('chat.update');
    expect(textOf(updates.at(-1)?.args)).toContain('Done');
    expect(textOf(updates.at(-1)?.args)).not.toContain('approval_approve');
    const dms = t.slack.callsTo('chat.postMessage').filter((call) => call.args.channel === 'U0LEAD001');
    expect(dms.map((dm) => textOf(dm.args)).join()).toContain('Done');
    const audit = t.bot.deps.store.audit.query({ limit: 20, action: 'site.transfer' }).map((event) => event.outcome);
    expect(audit).toEqual(['succeeded', 'executing']);
    const posted = t.slack.callsTo('chat.postMessage').filter((call) => call.args.channel === AUDIT_CHANNEL).map((call) => textOf(call.args)).join();
    for (const action of ['approval.request', 'approval.vote', 'approval.approve', 'site.transfer']) expect(posted).toContain(action);
  });

  it('audits every step in order', async () => {
    await requestTransfer(t);
    const id = onlyRequestId(t);
    await approve(t, 'U0LEAD001');
    nockTransfer();

    await approve(t, 'U0OWNER01');

    const events = t.bot.deps.store.audit
      .query({ limit: 50 })
      .filter((event) => event.approvalId === id)
      .reverse();
    expect(events.map((event) => `${event.action}:${event.outcome}`)).toEqual([
      'approval.request:requested',
      'approval.refuse:refused',
      'approval.vote:approved',
      'approval.approve:approved',
      'site.transfer:executing',
      'site.transfer:succeeded',
    ]);
    expect(events.at(-1)?.wixRequestId).toBe('req-transfer-200');
  });

  it('opens a form when given no arguments', async () => {
    await t.command('transfer', 'U0LEAD001');
    await t.settle();

    expect(t.slack.callsTo('views.open')).toHaveLength(1);
    const form = t.slack.callsTo('views.update').at(-1)?.args.view as Record<string, unknown>;
    expect(form.callback_id).toBe('approval_request_transfer');
    expect(JSON.stringify(form)).toContain('picker_site');
    expect(JSON.stringify(form)).toContain('picker_account');
    expect(JSON.stringify(form)).toContain('reason_input');
  });

  it('refuses a paid site at once', async () => {
    nockAccounts();
    nockSites([PREMIUM_SITE]);

    await t.command(`transfer ${PREMIUM_SITE.id} --to "Client Co" --reason "Move it"`, 'U0LEAD001');
    await t.settle();

    expect(textOf(t.slack.responses.at(-1)?.body)).toContain('paid Wix services');
    expect(t.bot.deps.store.approvals.inStates(['pending'])).toHaveLength(0);
  });

  it('refuses a target outside the account family', async () => {
    nockAccounts();
    nockSites([SITE]);

    await t.command(`transfer ${SITE_ID} --to "Someone Else" --reason "Move it"`, 'U0LEAD001');
    await t.settle();

    expect(textOf(t.slack.responses.at(-1)?.body)).toContain('neither the main account nor one of its child accounts');
    expect(t.bot.deps.store.approvals.inStates(['pending'])).toHaveLength(0);
  });

  it('refuses a site that is not found', async () => {
    nockAccounts();
    nockSites([]);

    await t.command(`transfer ${SITE_ID} --to "Client Co" --reason "Move it"`, 'U0LEAD001');
    await t.settle();

    expect(textOf(t.slack.responses.at(-1)?.body)).toContain('No site with ID');
  });

  it('requires a reason', async () => {
    await t.command(`transfer ${SITE_ID} --to "Client Co"`, 'U0LEAD001');
    await t.settle();

    expect(textOf(t.slack.responses.at(-1)?.body)).toContain('A reason is required');
  });

  describe('when Wix refuses', () => {
    it.each([
      [428, 'SITE_TRANSFER_NOT_SUPPORTED', 'paid Wix services'],
      [403, 'SITE_TRANSFER_NOT_ALLOWED', 'does not allow transfers between this source and target'],
      [428, 'TARGET_ACCOUNT_ID_NOT_FOUND', 'target account does not exist'],
      [400, 'SITE_NOT_FOUND', 'not in the source account'],
    ])('records %i %s as failed in plain words', async (status, code, words) => {
      await requestTransfer(t);
      const transfer = nockTransfer(status, wixError(code));

      await approve(t);

      expect(transfer.isDone()).toBe(true);
      const request = t.bot.deps.store.approvals.get(onlyRequestId(t));
      expect(request?.state).toBe('failed');
      expect(request?.result?.message).toContain(words);
      expect(request?.result?.message).toContain(`req-transfer-${status}`);
      expect(textOf(t.slack.callsTo('chat.update').at(-1)?.args)).toContain(words);
    });
  });

  it('records a 429 as failed without promising a retry', async () => {
    await requestTransfer(t);
    const transfer = nockTransfer(429, { message: 'slow down' });

    await approve(t);

    expect(transfer.isDone()).toBe(true);
    const request = t.bot.deps.store.approvals.get(onlyRequestId(t));
    expect(request?.state).toBe('failed');
    expect(request?.result?.message).toContain('This request failed; ask for the change again.');
    expect(request?.result?.message).not.toContain('Try again in a minute');
    expect(request?.result?.wixRequestId).toBe('req-transfer-429');
  });

  describe('after a 500', () => {
    it('records success when the site is in the target account', async () => {
      await requestTransfer(t);
      const transfer = nockTransfer(500, { message: '', details: {} });
      const read = nockSites([{ ...SITE, ownerAccountId: CHILD_ACCOUNT_ID }], CHILD_ACCOUNT_ID);

      await approve(t);

      expect(transfer.isDone()).toBe(true);
      expect(read.isDone()).toBe(true);
      expect(t.bot.deps.store.approvals.get(onlyRequestId(t))?.state).toBe('succeeded');
    });

    it('records failure when the site stayed in the source account', async () => {
      await requestTransfer(t);
      nockTransfer(500, { message: '', details: {} });
      nockSites([], CHILD_ACCOUNT_ID);
      const source = nockSites([SITE], WIX_ACCOUNT_ID);

      await approve(t);

      expect(source.isDone()).toBe(true);
      const request = t.bot.deps.store.approvals.get(onlyRequestId(t));
      expect(request?.state).toBe('failed');
      expect(request?.result?.message).toContain('nothing changed');
    });

    it('records unknown when the reads cannot tell', async () => {
      await requestTransfer(t);
      nockTransfer(500, { message: '', details: {} });
      nockSites([], CHILD_ACCOUNT_ID);
      nockSites([], WIX_ACCOUNT_ID);

      await approve(t);

      const request = t.bot.deps.store.approvals.get(onlyRequestId(t));
      expect(request?.state).toBe('unknown');
      expect(request?.result?.message).toContain('check the Wix dashboard');
      expect(request?.result?.wixRequestId).toBe('req-transfer-500');
      expect(textOf(t.slack.callsTo('chat.update').at(-1)?.args)).toContain('Outcome unknown');
    });
  });
});

describe('approver eligibility', () => {
  let t: TestBot | undefined;

  afterEach(async () => {
    await t?.stop();
    t = undefined;
  });

  it('refuses a request no one else can approve', async () => {
    t = await startTestBot({ policy: DEFAULT_POLICY.replace('transfer: { approvers: [S0OWNERS1]', 'transfer: { approvers: [S0LEADS01, U0GUEST01]') });

    await requestTransfer(t);

    expect(textOf(t.slack.responses.at(-1)?.body)).toContain('No one besides you may approve');
    expect(t.bot.deps.store.approvals.inStates(['pending'])).toHaveLength(0);
    expect(t.slack.callsTo('chat.postMessage').filter((call) => call.args.channel === APPROVALS_CHANNEL)).toHaveLength(0);
  });

  it('refuses when fewer approvers exist than required', async () => {
    t = await startTestBot({ policy: DEFAULT_POLICY.replace('transfer: { approvers: [S0OWNERS1], required: 1', 'transfer: { approvers: [S0OWNERS1], required: 3') });

    await requestTransfer(t);

    expect(textOf(t.slack.responses.at(-1)?.body)).toContain('needs 3 approvers besides you');
    expect(t.bot.deps.store.approvals.inStates(['pending'])).toHaveLength(0);
  });
});

describe('replies', () => {
  let t: TestBot;

  beforeEach(async () => {
    t = await startTestBot();
  });

  afterEach(async () => {
    await t.stop();
  });

  it('tells a late clicker who decided', async () => {
    await requestTransfer(t);
    nockTransfer();
    await approve(t, 'U0OWNER01');

    const late = await approve(t, 'U0OWNER02');

    expect(textOf(repliesTo(t, late)[0]?.body)).toContain('already approved by <@U0OWNER01>');
  });
});

describe('card posting', () => {
  let t: TestBot;

  beforeEach(async () => {
    t = await startTestBot();
  });

  afterEach(async () => {
    await t.stop();
  });

  it('cancels a request whose card cannot be posted', async () => {
    t.slack.on('chat.postMessage', (args) => (args.channel === APPROVALS_CHANNEL ? { ok: false, error: 'not_in_channel' } : { ok: true, channel: args.channel, ts: '1767000009.000100' }));

    await requestTransfer(t);

    expect(textOf(t.slack.responses.at(-1)?.body)).toContain('could not be posted');
    expect(t.bot.deps.store.approvals.get(onlyRequestId(t))?.state).toBe('cancelled');
    expect(t.bot.deps.store.audit.query({ limit: 5, action: 'approval.cancel' })).toHaveLength(1);
  });
});
