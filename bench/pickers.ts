/**
 * Benchmark of the site picker for an account with 10,000 sites (`npx tsx bench/pickers.ts`):
 * 1. the partitioned load through the real gateway against the nock Wix fake, at several
 *    simulated Wix latencies per request;
 * 2. one picker search over the loaded index, for typical queries.
 * Prints Markdown tables. Bounded by a hard time limit.
 */
import { cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import nock from 'nock';
import { createLogger } from '../src/lib/logger.js';
import { createPickerIndexes } from '../src/lib/pickers/indexes.js';
import { WixHttp } from '../src/lib/wix/http.js';
import { WIX_ACCOUNT_ID, WIX_API_KEY, WIX_BASE } from '../test/helpers/bot.js';
import { fakeWix, makeSites } from '../test/helpers/fake-wix.js';

const HARD_LIMIT_MS = 120_000;
setTimeout(() => {
  console.error(`bench: stopped after ${HARD_LIMIT_MS / 1000} s`);
  process.exit(1);
}, HARD_LIMIT_MS).unref();

/** Builds the account of the picker test: root, 10 folders of 840, one folder of 1,200 to split. */
function account() {
  const folders = [...Array.from({ length: 10 }, (_, i) => ({ id: `folder-${i}`, name: `Folder ${i}` })), { id: 'folder-big', name: 'Big' }];
  const sites = makeSites(10_000, (i) => {
    if (i <= 400) return {};
    if (i <= 8_800) return { folderId: `folder-${Math.floor((i - 401) / 840)}` };
    return { folderId: 'folder-big', namespace: i % 5 === 0 ? 'HEADLESS' : 'WIX' };
  });
  return { sites, folders };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const logger = createLogger('silent');

async function load(latencyMs: number) {
  nock.cleanAll();
  const wix = fakeWix(account(), { latencyMs });
  const http = new WixHttp({ apiKey: WIX_API_KEY, accountId: WIX_ACCOUNT_ID, baseUrl: WIX_BASE, logger });
  const indexes = createPickerIndexes(http, logger);
  const started = performance.now();
  const sites = await indexes.sites.items();
  const elapsed = performance.now() - started;
  return { latencyMs, requests: wix.calls.length, sites: sites.length, complete: indexes.sites.complete, seconds: elapsed / 1000, indexes };
}

nock.disableNetConnect();
console.log(`Machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}\n`);
console.log('| Simulated Wix latency per request | Requests | Sites | Complete | Load time |');
console.log('| ---: | ---: | ---: | --- | ---: |');
let last: Awaited<ReturnType<typeof load>> | undefined;
for (const latency of [0, 50, 200]) {
  last = await load(latency);
  console.log(`| ${latency} ms | ${last.requests} | ${last.sites} | ${last.complete} | ${last.seconds.toFixed(2)} s |`);
}

const index = last!.indexes.sites;
console.log('\n| Query | Matches | Samples | p50 ms | p99 ms | max ms |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const query of ['', 'site 9995', 'site 1', 'example.wixsite.com', 'no such site']) {
  const samples: number[] = [];
  let total = 0;
  for (let i = 0; i < 200; i++) {
    const started = performance.now();
    total = (await index.search(query, 100)).total;
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  console.log(`| \`${query || '(empty)'}\` | ${total} | ${samples.length} | ${percentile(samples, 50).toFixed(2)} | ${percentile(samples, 99).toFixed(2)} | ${(samples.at(-1) ?? 0).toFixed(2)} |`);
}
nock.cleanAll();
