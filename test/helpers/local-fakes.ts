import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BOT_USER_ID, GROUPS, TEAM_ID, USERS } from './fake-slack.js';
import { ROLES } from './bot.js';

export interface LocalCall {
  path: string;
  /** Form fields of a Web API call, or the JSON body of a response_url post. */
  body: Record<string, unknown>;
}

/**
 * Slack Web API, response_url and Wix fakes on one HTTP server on 127.0.0.1, for a bot that runs
 * in a child process where nock cannot reach. Slack methods live under /api/, response URLs under
 * /hooks/, and everything else is Wix.
 */
export class LocalFakes {
  readonly calls: LocalCall[] = [];
  /** Milliseconds users.info waits before it answers, to keep a request in flight. */
  usersInfoDelayMs = 0;
  /** auth.test answer; tests replace it to reject the token. */
  authTest: Record<string, unknown> = { ok: true, team_id: TEAM_ID, user_id: BOT_USER_ID, bot_id: 'B0BOT0001' };
  private server: Server | undefined;
  private ts = 1767000000;

  get url(): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      void readBody(req).then(async (text) => {
        const path = req.url ?? '/';
        const answer = await this.answer(path, req.headers['content-type'] ?? '', text);
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer.body));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.close(() => resolve());
      this.server?.closeAllConnections();
    });
  }

  callsTo(path: string): LocalCall[] {
    return this.calls.filter((call) => call.path === path);
  }

  private async answer(path: string, contentType: string, text: string): Promise<{ status: number; body: unknown }> {
    const body = contentType.includes('json') ? (JSON.parse(text || '{}') as Record<string, unknown>) : Object.fromEntries(new URLSearchParams(text));
    this.calls.push({ path, body });
    if (path.startsWith('/hooks/')) return { status: 200, body: { ok: true } };
    if (path === '/roles-management/roles') return { status: 200, body: { roles: ROLES } };
    switch (path) {
      case '/api/auth.test':
        return { status: 200, body: this.authTest };
      case '/api/users.info': {
        if (this.usersInfoDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.usersInfoDelayMs));
        const user = USERS[String(body.user)];
        return { status: 200, body: user ? { ok: true, user } : { ok: false, error: 'user_not_found' } };
      }
      case '/api/usergroups.users.list': {
        const users = GROUPS[String(body.usergroup)];
        return { status: 200, body: users ? { ok: true, users } : { ok: false, error: 'no_such_subteam' } };
      }
      case '/api/chat.postMessage':
        this.ts += 1;
        return { status: 200, body: { ok: true, channel: body.channel, ts: `${this.ts}.000100` } };
      default:
        return { status: path.startsWith('/api/') ? 200 : 404, body: path.startsWith('/api/') ? { ok: true } : { message: 'not found', details: {} } };
    }
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
