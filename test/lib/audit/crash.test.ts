import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { AuditSender } from '../../../src/lib/audit/sender.js';
import { createAuditChannel } from '../../../src/handlers/audit-poster.js';
import { Store } from '../../../src/lib/store/index.js';
import { auditWebClient, captureLogger, tempStore } from '../../helpers/audit.js';
import { startLocalSlack, type LocalSlack } from '../../helpers/local-slack-server.js';

const CHILD = fileURLToPath(new URL('../../fixtures/audit/crash-child.ts', import.meta.url));

describe('audit delivery across a crash', () => {
  const servers: LocalSlack[] = [];

  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
  });

  it('delivers each event once after SIGKILL', async () => {
    const { store: firstStore, dataDir } = tempStore();
    firstStore.close();
    const hanging = await startLocalSlack({ mode: 'hang' });
    servers.push(hanging);

    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      env: { PATH: process.env.PATH, DATA_DIR: dataDir, SLACK_API_URL: hanging.url, EVENT_COUNT: '25' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = once(child, 'exit');
    await hanging.firstRequest;
    child.kill('SIGKILL');
    const [code, signal] = await exited;

    const store = new Store({ dataDir });
    const left = store.audit.countUndelivered();
    const answering = await startLocalSlack({ mode: 'answer' });
    servers.push(answering);
    const sender = new AuditSender({
      store,
      channel: createAuditChannel(auditWebClient(answering.url), 'C0AUDIT01'),
      logger: captureLogger().logger,
      tuning: { paceMs: 0, leaseRetryMs: 100 },
    });
    sender.start();
    await sender.drained();
    await sender.stop();
    const events = [...store.audit.iterate()];
    store.close();

    expect(code).toBeNull();
    expect(signal).toBe('SIGKILL');
    expect(hanging.requests).toBe(1);
    expect(left).toBe(25);
    const shownSeqs = answering.posts.flatMap((post) => post.blocks.map((block) => Number(/· #(\d+) · hash/.exec(block.text?.text ?? '')?.[1])));
    expect(shownSeqs).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    const allText = JSON.stringify(answering.posts);
    for (const event of events) expect(allText.split(event.eventId)).toHaveLength(2);
    expect(events.every((event) => event.deliveredAt !== null)).toBe(true);
  });
});
