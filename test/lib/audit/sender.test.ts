import nock from 'nock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../../src/lib/audit/audit-log.js';
import { AuditSender, type AuditChannel, type AuditSenderTuning } from '../../../src/lib/audit/sender.js';
import type { Store } from '../../../src/lib/store/index.js';
import { blockKitViolations } from '../../../src/views/limits.js';
import { createAuditChannel } from '../../../src/handlers/audit-poster.js';
import { auditWebClient, captureLogger, seedEvents, tempStore, VirtualClock } from '../../helpers/audit.js';
import type { LogCapture } from '../../helpers/logs.js';

const API = 'https://slack.test';
const CHANNEL = 'C0AUDIT01';

interface Post {
  text: string;
  blocks: Array<{ type: string; text?: { text: string } }>;
}

/** Sequence numbers shown in a posted message, in order. */
function seqsOf(post: Post): number[] {
  return post.blocks.map((block) => Number(/· #(\d+) · hash/.exec(block.text?.text ?? '')?.[1]));
}

/** Makes chat.postMessage return ok:true from now on and records each message. */
function acceptPosts(posts: Post[]): void {
  let ts = 1767000000;
  nock(API)
    .persist()
    .post('/api/chat.postMessage')
    .reply((_uri, body) => {
      const form = new URLSearchParams(body as string);
      posts.push({ text: form.get('text') ?? '', blocks: JSON.parse(form.get('blocks') ?? '[]') as Post['blocks'] });
      ts += 1;
      return [200, { ok: true, channel: CHANNEL, ts: `${ts}.000100` }];
    });
}

describe('AuditSender', () => {
  let store: Store;
  let clock: VirtualClock;
  let logs: LogCapture;
  let sender: AuditSender;
  let posts: Post[];

  const build = (tuning: Partial<AuditSenderTuning> = {}, timeout = 10_000) => {
    const captured = captureLogger();
    logs = captured.logs;
    sender = new AuditSender({
      store,
      channel: createAuditChannel(auditWebClient(`${API}/api/`, timeout), CHANNEL),
      logger: captured.logger,
      clock,
      wallClock: () => clock.date(),
      random: () => 1,
      tuning,
    });
    return sender;
  };

  beforeEach(() => {
    clock = new VirtualClock();
    store = tempStore(() => clock.date()).store;
    posts = [];
  });

  afterEach(async () => {
    await sender?.stop();
    store.close();
  });

  it('delivers and marks events in order', async () => {
    seedEvents(store, 3);
    acceptPosts(posts);
    build().start();

    await sender.drained();

    expect(posts.flatMap(seqsOf)).toEqual([1, 2, 3]);
    expect(store.audit.countUndelivered()).toBe(0);
    const delivered = [...store.audit.iterate()];
    expect(delivered.every((event) => event.deliveryTs?.startsWith('1767000001'))).toBe(true);
    expect(JSON.stringify(posts)).toContain(delivered[0]!.eventId);
  });

  it('waits Retry-After through 429 storms', async () => {
    seedEvents(store, 2);
    nock(API).post('/api/chat.postMessage').times(4).reply(429, { ok: false, error: 'ratelimited' }, { 'retry-after': '7' });
    acceptPosts(posts);
    build().start();

    await sender.drained();

    expect(clock.sleeps.filter((ms) => ms === 7_000)).toHaveLength(4);
    expect(posts.flatMap(seqsOf)).toEqual([1, 2]);
    expect(sender.status().rateLimitedCount).toBe(4);
    expect(logs.lines.filter((line) => line.msg === 'audit post rate limited; waiting for Retry-After')).toHaveLength(4);
  });

  it('backs off exponentially on 5xx', async () => {
    seedEvents(store, 1);
    nock(API).post('/api/chat.postMessage').reply(500, 'oops');
    nock(API).post('/api/chat.postMessage').reply(503, 'busy');
    nock(API).post('/api/chat.postMessage').times(6).reply(502, 'bad gateway');
    acceptPosts(posts);
    build({ backoff: { baseMs: 1_000, maxMs: 16_000 } }).start();

    await sender.drained();

    expect(clock.sleeps).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 16_000, 16_000, 16_000]);
    expect(posts.flatMap(seqsOf)).toEqual([1]);
    expect(sender.status().lastError?.message).toBe('Slack responded with HTTP 502');
  });

  it('jitters waits in the upper half', async () => {
    seedEvents(store, 1);
    nock(API).post('/api/chat.postMessage').times(3).reply(500, 'oops');
    acceptPosts(posts);
    const captured = captureLogger();
    sender = new AuditSender({
      store,
      channel: createAuditChannel(auditWebClient(`${API}/api/`), CHANNEL),
      logger: captured.logger,
      clock,
      random: () => 0,
      tuning: { paceMs: 0 },
    });
    sender.start();

    await sender.drained();

    expect(clock.sleeps).toEqual([500, 1_000, 2_000]);
  });

  it('retries after network errors and timeouts', async () => {
    seedEvents(store, 2);
    nock(API).post('/api/chat.postMessage').replyWithError({ code: 'ECONNRESET', message: 'socket hang up' });
    nock(API).post('/api/chat.postMessage').delay(500).reply(200, { ok: true, ts: '1.1' });
    acceptPosts(posts);
    build({}, 50).start();

    await sender.drained();

    const failures = logs.lines.filter((line) => line.msg === 'audit post failed; will retry');
    expect(failures).toHaveLength(2);
    expect(sender.status().lastError?.message).toBe('the request to Slack timed out');
    expect(posts.flatMap(seqsOf)).toEqual([1, 2]);
  });

  it('delivers a 500-event burst in order', async () => {
    seedEvents(store, 500, (i) => ({ targets: [{ type: 'site', id: `site-${i}`, name: `Shop ${i}` }] }));
    acceptPosts(posts);
    build().start();

    await sender.drained();

    expect(posts.flatMap(seqsOf)).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    expect(posts.length).toBeLessThanOrEqual(25);
    for (const post of posts) expect(blockKitViolations('message', { ...post })).toEqual([]);
    expect(store.audit.countUndelivered()).toBe(0);
    // One message per second: every post after the first waited for the pace.
    expect(clock.sleeps).toHaveLength(posts.length - 1);
    expect(clock.sleeps.every((ms) => ms === 1_000)).toBe(true);
  });

  it('groups large events within limits', async () => {
    seedEvents(store, 12, () => ({ details: { note: 'x'.repeat(300), other: 'y'.repeat(300), third: 'z'.repeat(300), more: '&'.repeat(300) } }));
    acceptPosts(posts);
    build().start();

    await sender.drained();

    expect(posts.length).toBeGreaterThan(1);
    expect(posts.flatMap(seqsOf)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    for (const post of posts) expect(blockKitViolations('message', { ...post })).toEqual([]);
  });

  it('splits rejected groups, then posts minimal', async () => {
    seedEvents(store, 3);
    nock(API).post('/api/chat.postMessage').reply(200, { ok: false, error: 'invalid_blocks' });
    nock(API).post('/api/chat.postMessage').reply(200, { ok: false, error: 'msg_too_long' });
    acceptPosts(posts);
    build().start();

    await sender.drained();

    expect(posts.map(seqsOf)).toEqual([[1], [2], [3]]);
    expect(posts[0]!.blocks[0]!.text!.text).toContain('Slack refused the full text of this event');
    expect(posts[1]!.blocks[0]!.text!.text).not.toContain('Slack refused the full text');
  });

  it('keeps events while channel is missing', async () => {
    seedEvents(store, 1);
    nock(API).post('/api/chat.postMessage').times(2).reply(200, { ok: false, error: 'channel_not_found' });
    acceptPosts(posts);
    build().start();

    await sender.drained();

    const rejected = logs.lines.filter((line) => line.msg === 'audit post rejected by Slack; will retry');
    expect(rejected).toHaveLength(2);
    expect((rejected[0]?.err as { message?: string } | undefined)?.message).toContain('channel_not_found');
    expect(sender.status().lastError?.message).toContain('AUDIT_CHANNEL_ID');
    expect(posts.flatMap(seqsOf)).toEqual([1]);
  });

  it('logs an old backlog, rate-limited', async () => {
    seedEvents(store, 1);
    clock.advance(10 * 60_000);
    nock(API).post('/api/chat.postMessage').times(30).reply(500, 'down');
    acceptPosts(posts);
    build({ backoff: { baseMs: 60_000, maxMs: 60_000 }, backlogAlertMs: 5 * 60_000, backlogAlertEveryMs: 5 * 60_000 }).start();

    await sender.drained();

    // 30 failures a minute apart span 30 minutes, so about one alert per five minutes.
    const alerts = logs.lines.filter((line) => line.msg === 'audit delivery is behind');
    expect(alerts.length).toBeGreaterThanOrEqual(5);
    expect(alerts.length).toBeLessThanOrEqual(7);
    expect(alerts[0]?.level).toBe(50);
    expect(alerts[0]?.undelivered).toBe(1);
    expect(posts.flatMap(seqsOf)).toEqual([1]);
  });

  it('reports status while backing off', async () => {
    seedEvents(store, 2);
    let release: () => void = () => undefined;
    const blocked = new Promise<void>((resolve) => {
      release = resolve;
    });
    nock(API).post('/api/chat.postMessage').reply(503, 'busy');
    acceptPosts(posts);
    const captured = captureLogger();
    sender = new AuditSender({
      store,
      channel: createAuditChannel(auditWebClient(`${API}/api/`), CHANNEL),
      logger: captured.logger,
      clock: { now: () => clock.now(), sleep: () => blocked },
      wallClock: () => clock.date(),
      random: () => 1,
    });
    sender.start();

    await sender.idle();
    const status = sender.status();
    release();
    await sender.drained();

    expect(status.state).toBe('backoff');
    expect(status.undelivered).toBe(2);
    expect(status.oldestUndeliveredSeq).toBe(1);
    expect(status.lastError).toMatchObject({ kind: 'transient', message: 'Slack responded with HTTP 503' });
    expect(status.nextAttemptAt).toBe(new Date(clock.now() + 1_000).toISOString());
    expect(sender.status().undelivered).toBe(0);
    expect(sender.status().lastDeliveredAt).not.toBeNull();
  });

  it('stops promptly during a long Retry-After wait', async () => {
    seedEvents(store, 1);
    nock(API).post('/api/chat.postMessage').reply(429, { ok: false, error: 'ratelimited' }, { 'retry-after': '3600' });
    const captured = captureLogger();
    sender = new AuditSender({ store, channel: createAuditChannel(auditWebClient(`${API}/api/`), CHANNEL), logger: captured.logger });
    sender.start();
    await sender.idle();

    await sender.stop();

    expect(sender.status().state).toBe('stopped');
    expect(store.audit.countUndelivered()).toBe(1);
    expect(captured.logs.find('audit sender stopped')?.undelivered).toBe(1);
  });

  it('delivers events recorded after a pause', async () => {
    acceptPosts(posts);
    build().start();
    await sender.drained();

    seedEvents(store, 2);
    sender.wake();
    await sender.drained();

    expect(posts.flatMap(seqsOf)).toEqual([1, 2]);
  });

  describe('with a channel that holds its posts', () => {
    let releasePost: (ts: string) => void = () => undefined;
    let postCalls: number[][];

    const holdingChannel = (): AuditChannel => ({
      fit: (events) => events.length,
      post: (events) => {
        postCalls.push(events.map((event) => event.seq));
        return new Promise<string>((resolve) => {
          releasePost = resolve;
        });
      },
    });

    beforeEach(() => {
      postCalls = [];
    });

    it('records without waiting for Slack', async () => {
      const audit = new AuditLog(store);
      sender = new AuditSender({ store, channel: holdingChannel(), logger: captureLogger().logger, clock, tuning: { paceMs: 0 } });
      audit.onRecorded(() => sender.wake());
      sender.start();

      const first = audit.record({ actor: { kind: 'system' }, action: 'bot.start', targets: [], outcome: 'info' });
      while (postCalls.length === 0) await new Promise((resolve) => setImmediate(resolve));
      const second = audit.record({ actor: { kind: 'system' }, action: 'bot.stop', targets: [], outcome: 'info' });

      expect(first.seq).toBe(1);
      expect(second.seq).toBe(2);
      expect(postCalls).toEqual([[1]]);
      expect(store.audit.countUndelivered()).toBe(2);
      releasePost('1767000001.000100');
      while (postCalls.length === 1) await new Promise((resolve) => setImmediate(resolve));
      releasePost('1767000002.000100');
      await sender.drained();
      expect(postCalls).toEqual([[1], [2]]);
      expect(store.audit.countUndelivered()).toBe(0);
    });

    it('finishes the post in flight on stop', async () => {
      seedEvents(store, 3);
      sender = new AuditSender({ store, channel: holdingChannel(), logger: captureLogger().logger, clock, tuning: { paceMs: 0 } });
      sender.start();
      while (postCalls.length === 0) await new Promise((resolve) => setImmediate(resolve));

      const stopped = sender.stop();
      releasePost('1767000001.000100');
      await stopped;

      expect(postCalls).toEqual([[1, 2, 3]]);
      expect(store.audit.countUndelivered()).toBe(0);
      expect(sender.status().state).toBe('stopped');
    });
  });
});
