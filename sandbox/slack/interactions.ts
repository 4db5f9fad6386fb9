import { blockKitViolations, optionsResponseViolations } from '../../src/views/limits.js';
import type { BotAnswer, BotLink } from './bot-link.js';
import type { SimStore, SimView } from './store.js';
import { BOT, CHANNELS, dmChannelId, TEAM, userById, type SimUser } from './workspace.js';

/** Slack lets an app use a response_url this many times within this many milliseconds. */
const RESPONSE_URL_USES = 5;
const RESPONSE_URL_TTL_MS = 30 * 60_000;
const VERIFICATION_TOKEN = 'sandbox-legacy-verification-token';
const MAX_MODAL_STACK = 3;

export type StateValues = Record<string, Record<string, Record<string, unknown>>>;

export type ActionSource = { kind: 'message'; channel: string; ts: string } | { kind: 'view'; viewId: string };

export interface UserFacingResult {
  ok: boolean;
  /** Message Slack would show the user when the app did not respond or failed. */
  error?: string;
}

/**
 * Turns what a person does on the page into the requests Slack sends to the app, and applies the
 * app's acknowledgements (ack bodies, response_action) the way Slack's client does.
 */
export class Interactions {
  constructor(
    private readonly store: SimStore,
    private readonly bot: BotLink,
    /** The simulator's own base URL, known once its server listens. */
    private readonly baseUrl: () => string,
    private readonly now: () => number = Date.now,
  ) {}

  private user(userId: string): SimUser {
    const user = userById(userId);
    if (!user) throw new RangeError(`unknown simulator user ${userId}`);
    return user;
  }

  private payloadUser(user: SimUser) {
    return { id: user.id, username: user.name, name: user.name, team_id: user.teamId };
  }

  private newTrigger(userId: string): string {
    const id = `${Math.floor(this.now() / 1000)}.${this.store.nextId('').slice(3)}.${Math.random().toString(16).slice(2, 10)}`;
    this.store.triggers.set(id, { userId, createdAt: this.now(), used: false });
    return id;
  }

  private newResponseUrl(channel: string, userId: string, messageTs: string | null): string {
    const id = this.store.nextId('R');
    this.store.responseUrls.set(id, { channel, userId, messageTs, createdAt: this.now(), uses: 0 });
    return `${this.baseUrl()}/response/${id}`;
  }

  /** Shows the user a note only they see, the way Slack reports a failed command or action. */
  private note(channel: string, userId: string, text: string): void {
    this.store.addMessage({ channel, user: BOT.userId, text, blocks: null, ephemeralTo: userId, note: true });
  }

  private failure(answer: BotAnswer, what: string): string | null {
    if (answer.timedOut) return `${what} failed with the error "operation_timeout"`;
    if (answer.status !== 200) return `${what} failed with the error "dispatch_failed" (HTTP ${answer.status || 'no answer'})`;
    return null;
  }

  async runCommand(userId: string, channel: string, text: string): Promise<UserFacingResult> {
    const user = this.user(userId);
    const [command, ...rest] = text.trim().split(/\s+/);
    const argumentsText = text.trim().slice((command ?? '').length).trim();
    this.store.addMessage({ channel, user: user.id, text: `${command} ${rest.join(' ')}`.trim(), blocks: null, ephemeralTo: user.id, note: true });
    if (command !== '/wix') {
      this.note(channel, user.id, `${command} is not a valid command. In the sandbox only /wix is installed.`);
      return { ok: false, error: 'unknown_command' };
    }
    const conversation = CHANNELS.find((c) => c.id === channel);
    const answer = await this.bot.command({
      token: VERIFICATION_TOKEN,
      team_id: user.teamId,
      team_domain: TEAM.domain,
      channel_id: channel,
      channel_name: conversation?.name ?? 'directmessage',
      user_id: user.id,
      user_name: user.name,
      command: '/wix',
      text: argumentsText,
      api_app_id: BOT.appId,
      is_enterprise_install: 'false',
      response_url: this.newResponseUrl(channel, user.id, null),
      trigger_id: this.newTrigger(user.id),
    });
    const failed = this.failure(answer, '/wix');
    if (failed) {
      this.note(channel, user.id, failed);
      return { ok: false, error: failed };
    }
    if (answer.body.trim() !== '') this.showAckBody(channel, user.id, answer.body);
    return { ok: true };
  }

  /** Shows a command acknowledgement that has a body (JSON with text and blocks, or plain text) as Slack does. */
  private showAckBody(channel: string, userId: string, body: string): void {
    let message: { text?: string; blocks?: unknown[]; response_type?: string };
    try {
      message = JSON.parse(body) as typeof message;
    } catch {
      message = { text: body };
    }
    const inChannel = message.response_type === 'in_channel';
    this.store.addMessage({ channel, user: BOT.userId, text: message.text ?? '', blocks: message.blocks ?? null, ephemeralTo: inChannel ? null : userId });
  }

  postUserMessage(userId: string, channel: string, text: string): void {
    this.store.addMessage({ channel, user: this.user(userId).id, text, blocks: null, ephemeralTo: null });
  }

  private viewPayload(record: SimView, values: StateValues): Record<string, unknown> {
    return {
      id: record.id,
      team_id: TEAM.id,
      type: record.type,
      blocks: record.view.blocks ?? [],
      private_metadata: record.view.private_metadata ?? '',
      callback_id: record.view.callback_id ?? '',
      state: { values },
      hash: record.hash,
      title: record.view.title,
      clear_on_close: record.view.clear_on_close ?? false,
      notify_on_close: record.view.notify_on_close ?? false,
      close: record.view.close ?? null,
      submit: record.view.submit ?? null,
      previous_view_id: record.previousViewId,
      root_view_id: record.rootViewId,
      app_id: BOT.appId,
      external_id: record.externalId ?? '',
      app_installed_team_id: TEAM.id,
      bot_id: BOT.botId,
    };
  }

  private common(user: SimUser) {
    return { user: this.payloadUser(user), api_app_id: BOT.appId, token: VERIFICATION_TOKEN, team: { id: TEAM.id, domain: TEAM.domain }, enterprise: null, is_enterprise_install: false };
  }

  private sourcePayload(user: SimUser, source: ActionSource, values: StateValues): Record<string, unknown> | null {
    if (source.kind === 'view') {
      const record = this.store.views.get(source.viewId);
      if (!record || record.userId !== user.id) return null;
      return { container: { type: 'view', view_id: record.id }, view: this.viewPayload(record, values) };
    }
    const message = this.store.findMessage(source.channel, source.ts);
    if (!message) return null;
    const channel = CHANNELS.find((c) => c.id === message.channel);
    const ephemeral = message.ephemeralTo !== null;
    return {
      container: { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: ephemeral },
      channel: { id: message.channel, name: channel?.name ?? 'directmessage' },
      // Slack leaves the message out of the payload when it is ephemeral.
      ...(ephemeral ? {} : { message: { type: 'message', user: message.user, bot_id: message.user === BOT.userId ? BOT.botId : undefined, text: message.text, blocks: message.blocks ?? [], ts: message.ts } }),
      state: { values },
      response_url: this.newResponseUrl(message.channel, user.id, message.ts),
    };
  }

  async blockAction(userId: string, source: ActionSource, action: Record<string, unknown>, values: StateValues): Promise<UserFacingResult> {
    const user = this.user(userId);
    const sourceFields = this.sourcePayload(user, source, values);
    if (!sourceFields) return { ok: false, error: 'the message or view is gone' };
    const answer = await this.bot.interaction({
      type: 'block_actions',
      ...this.common(user),
      ...sourceFields,
      trigger_id: this.newTrigger(user.id),
      actions: [{ ...action, action_ts: (this.now() / 1000).toFixed(6) }],
    });
    const failed = this.failure(answer, 'The action');
    if (failed) {
      this.report(source, user.id, failed);
      return { ok: false, error: failed };
    }
    return { ok: true };
  }

  private report(source: ActionSource, userId: string, text: string): void {
    if (source.kind === 'message') {
      this.note(source.channel, userId, text);
      return;
    }
    const record = this.store.views.get(source.viewId);
    if (record) {
      record.problem = text;
      this.store.changed();
    }
  }

  async submitView(userId: string, viewId: string, values: StateValues): Promise<UserFacingResult> {
    const user = this.user(userId);
    const record = this.store.views.get(viewId);
    const stack = this.store.modalStacks.get(user.id) ?? [];
    if (!record || !stack.includes(viewId)) return { ok: false, error: 'the modal is closed' };
    const answer = await this.bot.interaction({ type: 'view_submission', ...this.common(user), trigger_id: this.newTrigger(user.id), view: this.viewPayload(record, values), response_urls: [] });
    const failed = this.failure(answer, 'Submitting the form');
    if (failed) {
      record.problem = "We had some trouble connecting. Try again? (the app did not answer within 3 seconds or answered with an error)";
      this.store.changed();
      return { ok: false, error: failed };
    }
    return this.applyResponseAction(user.id, record, answer.body);
  }

  private applyResponseAction(userId: string, record: SimView, body: string): UserFacingResult {
    const stack = this.store.modalStacks.get(userId) ?? [];
    let ack: { response_action?: string; errors?: Record<string, string>; view?: Record<string, unknown> } = {};
    if (body.trim() !== '') {
      try {
        ack = JSON.parse(body) as typeof ack;
      } catch {
        record.problem = 'The app answered the submission with a body that is not JSON.';
        this.store.changed();
        return { ok: false, error: 'invalid_response' };
      }
    }
    const invalid = (view: Record<string, unknown> | undefined) => (view ? blockKitViolations('modal', view) : ['response_action needs a view']);
    switch (ack.response_action) {
      case 'errors': {
        const inputBlockIds = new Set(((record.view.blocks as Array<{ type?: string; block_id?: string }> | undefined) ?? []).filter((b) => b.type === 'input').map((b) => b.block_id));
        const unknown = Object.keys(ack.errors ?? {}).filter((id) => !inputBlockIds.has(id));
        record.errors = ack.errors ?? {};
        record.problem = unknown.length > 0 ? `The app sent errors for blocks that are not input blocks: ${unknown.join(', ')}` : null;
        break;
      }
      case 'update': {
        const problems = invalid(ack.view);
        if (problems.length > 0) {
          record.problem = `The app's update was rejected: ${problems.join('; ')}`;
          break;
        }
        record.view = ack.view!;
        record.hash = `${Math.floor(this.now() / 1000)}.${this.store.nextId('H')}`;
        record.errors = {};
        record.problem = null;
        break;
      }
      case 'push': {
        const problems = invalid(ack.view);
        if (problems.length > 0 || stack.length >= MAX_MODAL_STACK) {
          record.problem = problems.length > 0 ? `The app's pushed view was rejected: ${problems.join('; ')}` : 'push_limit_reached';
          break;
        }
        const id = this.store.nextId('V');
        this.store.views.set(id, { id, userId, type: 'modal', view: ack.view!, hash: `${Math.floor(this.now() / 1000)}.${id}`, rootViewId: record.rootViewId, previousViewId: record.id, externalId: null, errors: {}, problem: null });
        stack.push(id);
        break;
      }
      case 'clear':
        this.store.modalStacks.set(userId, []);
        break;
      default:
        // An empty acknowledgement closes the submitted view and shows the one under it.
        this.store.modalStacks.set(userId, stack.filter((id) => id !== record.id));
    }
    this.store.changed();
    return { ok: true };
  }

  async closeView(userId: string, viewId: string, values: StateValues): Promise<void> {
    const user = this.user(userId);
    const record = this.store.views.get(viewId);
    const stack = this.store.modalStacks.get(user.id) ?? [];
    this.store.modalStacks.set(user.id, stack.filter((id) => id !== viewId));
    this.store.changed();
    if (record?.view.notify_on_close === true) {
      await this.bot.interaction({ type: 'view_closed', ...this.common(user), view: this.viewPayload(record, values), is_cleared: false });
    }
  }

  /** Asks the app for the options of an external select (block_suggestion) and returns them. */
  async suggest(userId: string, source: ActionSource, blockId: string, actionId: string, value: string, values: StateValues): Promise<{ ok: boolean; options?: unknown[]; option_groups?: unknown[]; error?: string }> {
    const user = this.user(userId);
    const sourceFields = this.sourcePayload(user, source, values);
    if (!sourceFields) return { ok: false, error: 'the message or view is gone' };
    const { response_url: _unused, state: _state, ...fields } = sourceFields;
    const answer = await this.bot.interaction({ type: 'block_suggestion', ...this.common(user), ...fields, action_id: actionId, block_id: blockId, value });
    const failed = this.failure(answer, 'Loading options');
    if (failed) return { ok: false, error: failed };
    try {
      const parsed = JSON.parse(answer.body || '{}') as { options?: Array<Record<string, unknown>>; option_groups?: Array<Record<string, unknown>> };
      const problems = optionsResponseViolations(parsed);
      if (problems.length > 0) return { ok: false, error: `Slack would reject these options: ${problems.join('; ')}` };
      return { ok: true, ...(parsed.options ? { options: parsed.options } : {}), ...(parsed.option_groups ? { option_groups: parsed.option_groups } : {}) };
    } catch {
      return { ok: false, error: 'The app answered the options request with a body that is not JSON.' };
    }
  }

  /** Sends app_home_opened, as Slack does when a user opens the app's Home tab. */
  async openHome(userId: string): Promise<UserFacingResult> {
    const user = this.user(userId);
    const homeId = this.store.homeViews.get(user.id);
    const home = homeId ? this.store.views.get(homeId) : undefined;
    const seconds = (this.now() / 1000).toFixed(6);
    const answer = await this.bot.event({
      token: VERIFICATION_TOKEN,
      team_id: TEAM.id,
      api_app_id: BOT.appId,
      event: { type: 'app_home_opened', user: user.id, channel: dmChannelId(user.id), tab: 'home', event_ts: seconds, ...(home ? { view: this.viewPayload(home, {}) } : {}) },
      type: 'event_callback',
      event_id: `Ev${this.store.nextId('E')}`,
      event_time: Math.floor(this.now() / 1000),
      authorizations: [{ enterprise_id: null, team_id: TEAM.id, user_id: BOT.userId, is_bot: true, is_enterprise_install: false }],
      is_ext_shared_channel: false,
    });
    const failed = this.failure(answer, 'The Home tab');
    return failed ? { ok: false, error: failed } : { ok: true };
  }

  /**
   * Applies a POST to a response_url: ephemeral by default, `in_channel` posts for everyone,
   * `replace_original` and `delete_original` act on the message that the action came from.
   */
  respond(id: string, body: Record<string, unknown>): { status: number; body: string } {
    const context = this.store.responseUrls.get(id);
    if (!context) return { status: 404, body: 'no_such_url' };
    if (this.now() - context.createdAt > RESPONSE_URL_TTL_MS) return { status: 404, body: 'expired_url' };
    if (context.uses >= RESPONSE_URL_USES) return { status: 404, body: 'used_url' };
    context.uses += 1;
    const original = context.messageTs ? this.store.findMessage(context.channel, context.messageTs) : undefined;
    const truthy = (value: unknown) => value === true || value === 'true';

    if (truthy(body.delete_original)) {
      if (!original) return { status: 404, body: 'message_not_found' };
      this.store.removeMessage(original);
      return { status: 200, body: 'ok' };
    }
    const text = typeof body.text === 'string' ? body.text : '';
    const blocks = Array.isArray(body.blocks) ? (body.blocks as unknown[]) : null;
    const problems = blocks ? blockKitViolations('message', { text, blocks }) : text === '' ? ['text: missing'] : [];
    if (problems.length > 0) return { status: 400, body: JSON.stringify({ ok: false, error: 'invalid_blocks', response_metadata: { messages: problems } }) };

    if (truthy(body.replace_original) && original) {
      original.text = text;
      original.blocks = blocks;
      original.edited = true;
      this.store.changed();
      return { status: 200, body: 'ok' };
    }
    // replace_original with nothing to replace posts a new message, as Slack does for a command's first reply.
    const inChannel = body.response_type === 'in_channel';
    const posted = this.store.addMessage({ channel: context.channel, user: BOT.userId, text, blocks, ephemeralTo: inChannel ? null : context.userId });
    context.messageTs ??= posted.ts;
    return { status: 200, body: 'ok' };
  }
}
