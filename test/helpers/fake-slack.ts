import nock from 'nock';

export const SLACK_API = 'https://slack.test';
export const RESPONSE_HOST = 'https://hooks.slack.test';
/** Host of the upload URLs that files.getUploadURLExternal returns. */
export const FILES_HOST = 'https://files.slack.test';
export const TEAM_ID = 'T0TEST001';
export const OTHER_TEAM_ID = 'T0OTHER01';
export const BOT_USER_ID = 'U0BOT0001';

export interface FakeUser {
  id: string;
  team_id: string;
  deleted?: boolean;
  is_bot?: boolean;
  is_restricted?: boolean;
  is_ultra_restricted?: boolean;
}

/** Users known to the fake Slack workspace. */
export const USERS: Record<string, FakeUser> = {
  U0OWNER01: { id: 'U0OWNER01', team_id: TEAM_ID },
  U0OWNER02: { id: 'U0OWNER02', team_id: TEAM_ID },
  U0LEAD001: { id: 'U0LEAD001', team_id: TEAM_ID },
  U0MEMBER1: { id: 'U0MEMBER1', team_id: TEAM_ID },
  U0GUEST01: { id: 'U0GUEST01', team_id: TEAM_ID, is_restricted: true },
  U0SINGLE1: { id: 'U0SINGLE1', team_id: TEAM_ID, is_ultra_restricted: true },
  U0DELETED: { id: 'U0DELETED', team_id: TEAM_ID, deleted: true },
  U0ROBOT01: { id: 'U0ROBOT01', team_id: TEAM_ID, is_bot: true },
  U0EXTERN1: { id: 'U0EXTERN1', team_id: OTHER_TEAM_ID },
};

/** User groups known to the fake Slack workspace. */
export const GROUPS: Record<string, string[]> = {
  S0LEADS01: ['U0LEAD001'],
  S0OWNERS1: ['U0OWNER01', 'U0OWNER02'],
};

/** Builds the response body of one Web API method from its form fields. */
export type SlackMethodHandler = (args: Record<string, unknown>) => Record<string, unknown> | Promise<Record<string, unknown>>;

/**
 * Where each approval card was posted, by request id (the value of its Approve button), so a test
 * click can come from the card as a real one does.
 */
export const CARDS = new Map<string, { channel: string; ts: string }>();

export interface SlackCall {
  method: string;
  /** Form fields, with JSON-encoded fields (blocks, view) parsed. */
  args: Record<string, unknown>;
}

/** A file body POSTed to an upload URL (step two of files.uploadV2). */
export interface FileUpload {
  fileId: string;
  /** The raw request body (multipart form data) as text. */
  body: string;
}

export interface ResponseUrlPost {
  path: string;
  body: Record<string, unknown>;
}

/**
 * A Slack Web API and response_url fake built on nock, so the bot's real WebClient and respond()
 * send real HTTP requests. Methods respond from `handlers`, and unknown methods return ok:true.
 */
export class FakeSlack {
  readonly calls: SlackCall[] = [];
  readonly responses: ResponseUrlPost[] = [];
  readonly uploads: FileUpload[] = [];
  private readonly handlers = new Map<string, SlackMethodHandler>();
  private ts = 1767000000;
  private viewSeq = 0;
  private fileSeq = 0;

  constructor() {
    this.on('auth.test', () => ({ ok: true, team_id: TEAM_ID, user_id: BOT_USER_ID, bot_id: 'B0BOT0001', team: 'Test' }));
    this.on('users.info', (args) => {
      const user = USERS[String(args.user)];
      return user ? { ok: true, user } : { ok: false, error: 'user_not_found' };
    });
    this.on('usergroups.users.list', (args) => {
      const users = GROUPS[String(args.usergroup)];
      return users ? { ok: true, users } : { ok: false, error: 'no_such_subteam' };
    });
    this.on('chat.postMessage', (args) => {
      const answer = { ok: true, channel: String(args.channel), ts: this.nextTs() };
      const approve = approveButtonValue(args.blocks);
      if (approve) CARDS.set(approve, { channel: answer.channel, ts: answer.ts });
      return answer;
    });
    this.on('chat.update', (args) => ({ ok: true, channel: args.channel, ts: args.ts }));
    this.on('views.open', (args) => ({ ok: true, view: { ...(args.view as object), id: `V0VIEW${++this.viewSeq}`, hash: 'h1' } }));
    this.on('views.update', (args) => ({ ok: true, view: { ...(args.view as object), id: args.view_id ?? 'V0VIEW0', hash: 'h2' } }));
    this.on('conversations.open', (args) => ({ ok: true, channel: { id: `D0${String(args.users).slice(1)}` } }));
    this.on('files.getUploadURLExternal', () => {
      const fileId = `F0FILE${++this.fileSeq}`;
      return { ok: true, upload_url: `${FILES_HOST}/upload/${fileId}`, file_id: fileId };
    });
    this.on('files.completeUploadExternal', (args) => ({ ok: true, files: ((args.files as Array<{ id: string; title?: string }> | undefined) ?? []).map((file) => ({ id: file.id, title: file.title })) }));
    this.install();
  }

  /** Sets how a Web API method responds. A handler that returns a promise delays the response until the promise settles. */
  on(method: string, handler: SlackMethodHandler): this {
    this.handlers.set(method, handler);
    return this;
  }

  callsTo(method: string): SlackCall[] {
    return this.calls.filter((call) => call.method === method);
  }

  /** Re-installs the interceptors (after nock.cleanAll in a test). */
  install(): void {
    nock(SLACK_API)
      .persist()
      .post(/^\/api\/[\w.]+$/)
      .reply(async (uri, body) => {
        const method = uri.replace('/api/', '');
        const args = parseForm(body);
        this.calls.push({ method, args });
        const handler = this.handlers.get(method);
        return [200, handler ? await handler(args) : { ok: true }];
      });
    nock(FILES_HOST)
      .persist()
      .post(/^\/upload\/\w+$/)
      .reply((uri, body) => {
        this.uploads.push({ fileId: uri.replace('/upload/', ''), body: typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : JSON.stringify(body) });
        return [200, 'OK - 1'];
      });
    nock(RESPONSE_HOST)
      .persist()
      .post(/.*/)
      .reply((uri, body) => {
        this.responses.push({ path: uri, body: (typeof body === 'string' ? JSON.parse(body) : body) as Record<string, unknown> });
        return [200, 'ok'];
      });
  }

  private nextTs(): string {
    this.ts += 1;
    return `${this.ts}.000100`;
  }
}

function approveButtonValue(blocks: unknown): string | null {
  if (!Array.isArray(blocks)) return null;
  for (const block of blocks as Array<{ type?: string; elements?: Array<{ action_id?: string; value?: string }> }>) {
    const button = block.type === 'actions' ? block.elements?.find((element) => element.action_id === 'approval_approve') : undefined;
    if (button?.value) return button.value;
  }
  return null;
}

function parseForm(body: unknown): Record<string, unknown> {
  const text = typeof body === 'string' ? body : new URLSearchParams(body as Record<string, string>).toString();
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(text)) {
    args[key] = value.startsWith('{') || value.startsWith('[') ? safeParse(value) : value;
  }
  return args;
}

function safeParse(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
