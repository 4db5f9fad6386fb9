/**
 * Benchmarks of the audit log, printed as Markdown tables (`npm run bench`):
 * 1. the bot's own cost per event: sha256 of the canonical form, and append (hash plus one SQLite
 *    transaction with synchronous=FULL);
 * 2. delivery throughput of a burst against a Slack stand-in on 127.0.0.1 that accepts one message
 *    per second per channel and rejects faster posts with 429 and Retry-After.
 * Bounded by a hard time limit; the whole run takes about half a minute.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AuditSender, type AuditSenderTuning } from '../src/lib/audit/sender.js';
import { GENESIS_HASH, hashEvent } from '../src/lib/audit/event.js';
import { createAuditChannel } from '../src/handlers/audit-poster.js';
import { Store } from '../src/lib/store/index.js';
import { createLogger } from '../src/lib/logger.js';
import { auditWebClient } from '../test/helpers/audit.js';
import { startLocalSlack } from '../test/helpers/local-slack-server.js';
import type { AuditEventInput } from '../src/lib/audit/event.js';

const HARD_LIMIT_MS = 55_000;
const hardLimit = setTimeout(() => {
  console.error(`bench: stopped after ${HARD_LIMIT_MS / 1000} s`);
  process.exit(1);
}, HARD_LIMIT_MS);
hardLimit.unref();

const tempDirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'wix-team-bot-bench-'));
  tempDirs.push(dir);
  return dir;
}

/** A typical event: one user, two targets, a role and a reason. */
function typicalEvent(i: number): AuditEventInput {
  return {
    actor: { kind: 'user', teamId: 'T0BENCH01', userId: 'U0BENCH01' },
    action: 'invite.create',
    targets: [
      { type: 'email', id: `person${i}@example.com` },
      { type: 'site', id: '5f1e0c4a-0000-4000-8000-000000000001', name: 'Main shop' },
    ],
    outcome: 'succeeded',
    details: { role: 'Website Manager', reason: 'new designer for the spring campaign' },
    wixRequestId: `1733300000.${i}`,
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

function stats(samplesUs: number[]): { mean: number; p50: number; p99: number } {
  const sorted = [...samplesUs].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, value) => sum + value, 0) / sorted.length;
  return { mean, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

function benchOverhead(): Array<[string, number, ReturnType<typeof stats>]> {
  const rows: Array<[string, number, ReturnType<typeof stats>]> = [];

  const hashSamples: number[] = [];
  const base = { seq: 1, eventId: '0f8fad5b-d9cb-469f-a165-70867728950e', occurredAt: new Date().toISOString(), ...typicalEvent(1), details: typicalEvent(1).details ?? {}, approvalId: null, wixRequestId: '1', prevHash: GENESIS_HASH };
  // Warm-up, so JIT compilation is not counted.
  for (let i = 0; i < 2_000; i++) hashEvent({ ...base, seq: i });
  for (let i = 0; i < 20_000; i++) {
    const started = performance.now();
    hashEvent({ ...base, seq: i });
    hashSamples.push((performance.now() - started) * 1000);
  }
  rows.push(['sha256 of the canonical form', 20_000, stats(hashSamples)]);

  const store = new Store({ dataDir: tempDir() });
  const appendSamples: number[] = [];
  for (let i = 0; i < 3_000; i++) {
    const started = performance.now();
    store.transaction(() => store.audit.append(typicalEvent(i)));
    appendSamples.push((performance.now() - started) * 1000);
  }
  store.close();
  rows.push(['append (hash + INSERT + COMMIT, synchronous=FULL)', 3_000, stats(appendSamples)]);
  return rows;
}

interface DeliveryResult {
  name: string;
  events: number;
  seconds: number;
  messages: number;
  rateLimited: number;
  inOrder: boolean;
}

async function benchDelivery(name: string, events: number, tuning: Partial<AuditSenderTuning>): Promise<DeliveryResult> {
  const slack = await startLocalSlack({ mode: 'answer', minIntervalMs: 1_000 });
  const store = new Store({ dataDir: tempDir() });
  for (let i = 0; i < events; i++) store.transaction(() => store.audit.append(typicalEvent(i)));
  const sender = new AuditSender({
    store,
    channel: createAuditChannel(auditWebClient(slack.url), 'C0BENCH01'),
    logger: createLogger('silent'),
    tuning,
  });

  const started = performance.now();
  sender.start();
  await sender.drained();
  const seconds = (performance.now() - started) / 1000;
  await sender.stop();

  const shown = slack.posts.flatMap((post) => post.blocks.map((block) => Number(/· #(\d+) · hash/.exec(block.text?.text ?? '')?.[1])));
  const inOrder = shown.length === events && shown.every((seq, i) => seq === i + 1);
  store.close();
  await slack.close();
  return { name, events, seconds, messages: slack.posts.length, rateLimited: slack.rateLimited, inOrder };
}

async function main(): Promise<void> {
  const cpu = cpus();
  console.log(`Machine: ${cpu.length} cores (${cpu[0]?.model ?? 'unknown CPU'}), ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ${process.platform}`);
  console.log();

  console.log('| Operation | Samples | Mean µs | p50 µs | p99 µs |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const [name, samples, s] of benchOverhead()) {
    console.log(`| ${name} | ${samples} | ${s.mean.toFixed(1)} | ${s.p50.toFixed(1)} | ${s.p99.toFixed(1)} |`);
  }
  console.log();

  const runs = [
    await benchDelivery('burst, paced at 1 message/s', 500, { paceMs: 1_000 }),
    await benchDelivery('burst, no pacing (429s expected)', 200, { paceMs: 0 }),
  ];
  console.log('| Delivery run | Events | Seconds | Events/s | Messages | 429 responses | Complete and in order |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const run of runs) {
    console.log(`| ${run.name} | ${run.events} | ${run.seconds.toFixed(1)} | ${(run.events / run.seconds).toFixed(1)} | ${run.messages} | ${run.rateLimited} | ${run.inOrder ? 'yes' : 'NO'} |`);
  }
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(() => {
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
    clearTimeout(hardLimit);
  });
