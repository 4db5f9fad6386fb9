import { blockKitViolations, type Surface } from '../../src/views/limits.js';
import { jsonField } from './http.js';
import type { SimStore, SimView } from './store.js';
import { BOT, dmChannelId, GROUPS, TEAM, userById, usersInfoObject, USERS } from './workspace.js';

/** A trigger_id may open or push a view for this long after the user's action, as in Slack. */
export const TRIGGER_TTL_MS = 3_000;
const MAX_MODAL_STACK = 3;

type Args = Record<string, unknown>;
type Result = Record<string, unknown>;

export interface WebApiContext {
  store: SimStore;
  /** Base URL of the simulator, for upload URLs and permalinks. */
  baseUrl: string;
  now: () => number;
}

const fail = (error: string, extra: Result = {}): Result => ({ ok: false, error, ...extra });

/** Builds Slack's error for a layout that breaks a Block Kit limit, with the details in response_metadata. */
function layoutProblems(surface: Surface, payload: Record<string, unknown>, error = 'invalid_blocks'): Result | null {
  const problems = blockKitViolations(surface, payload);
  return problems.length > 0 ? fail(error, { response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) } }) : null;
}

function messageFields(args: Args): { text: string; blocks: unknown[] | null } {
  const blocks = jsonField<unknown[]>(args.blocks);
  return { text: typeof args.text === 'string' ? args.text : '', blocks: Array.isArray(blocks) ? blocks : null };
}

function messageLayoutError(text: string, blocks: unknown[] | null): Result | null {
  if (blocks === null) {
    if (text === '') return fail('no_text');
    if (text.length > 40_000) return fail('msg_too_long');
    return null;
  }
  return layoutProblems('message', { text, blocks });
}

function viewObject(record: SimView): Result {
  return {
    ...record.view,
    id: record.id,
    team_id: TEAM.id,
    type: record.type,
    hash: record.hash,
    state: { values: {} },
    root_view_id: record.rootViewId,
    previous_view_id: record.previousViewId,
    external_id: record.externalId ?? '',
    app_id: BOT.appId,
    bot_id: BOT.botId,
  };
}

function takeTrigger(context: WebApiContext, triggerId: unknown): { userId: string } | Result {
  if (typeof triggerId !== 'string' || triggerId === '') return fail('invalid_arguments');
  const trigger = context.store.triggers.get(triggerId);
  if (!trigger) return fail('invalid_trigger_id');
  if (trigger.used) return fail('exchanged_trigger_id');
  if (context.now() - trigger.createdAt > TRIGGER_TTL_MS) return fail('expired_trigger_id');
  trigger.used = true;
  return { userId: trigger.userId };
}

function parseView(args: Args, surface: 'modal' | 'home'): Result | Record<string, unknown> {
  const view = jsonField<Record<string, unknown>>(args.view);
  if (!view || typeof view !== 'object') return fail('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: view'] } });
  if (view.type !== surface) return fail('invalid_arguments', { response_metadata: { messages: [`[ERROR] view.type must be ${surface}`] } });
  return view;
}

const isFailure = (value: unknown): value is Result => typeof value === 'object' && value !== null && (value as Result).ok === false;

function newView(context: WebApiContext, userId: string, type: 'modal' | 'home', view: Record<string, unknown>, previous: SimView | null): SimView {
  const id = context.store.nextId('V');
  return {
    id,
    userId,
    type,
    view,
    hash: `${Math.floor(context.now() / 1000)}.${id}`,
    rootViewId: previous?.rootViewId ?? id,
    previousViewId: previous?.id ?? null,
    externalId: typeof view.external_id === 'string' && view.external_id !== '' ? view.external_id : null,
    errors: {},
    problem: null,
  };
}

const methods: Record<string, (context: WebApiContext, args: Args) => Result> = {
  'auth.test': () => ({ ok: true, url: `https://${TEAM.domain}.slack.example/`, team: TEAM.name, user: BOT.name, team_id: TEAM.id, user_id: BOT.userId, bot_id: BOT.botId, is_enterprise_install: false }),

  'users.info': (_context, args) => {
    const user = userById(String(args.user ?? ''));
    return user ? { ok: true, user: usersInfoObject(user) } : fail('user_not_found');
  },

  'users.lookupByEmail': (_context, args) => {
    const user = USERS.find((u) => u.email === String(args.email ?? '').toLowerCase());
    return user ? { ok: true, user: usersInfoObject(user) } : fail('users_not_found');
  },

  'usergroups.users.list': (_context, args) => {
    const group = GROUPS[String(args.usergroup ?? '')];
    return group ? { ok: true, users: [...group.users] } : fail('no_such_subteam');
  },

  'conversations.open': (_context, args) => {
    const ids = String(args.users ?? '').split(',').filter(Boolean);
    if (ids.length !== 1) return fail(ids.length === 0 ? 'users_list_not_supplied' : 'not_enough_users');
    const user = userById(ids[0]!);
    return user ? { ok: true, channel: { id: dmChannelId(user.id) } } : fail('user_not_found');
  },

  'conversations.info': (context, args) => {
    const channel = context.store.resolveChannel(String(args.channel ?? ''));
    return channel ? { ok: true, channel: { id: channel, is_member: true } } : fail('channel_not_found');
  },

  'chat.postMessage': (context, args) => {
    const channel = context.store.resolveChannel(String(args.channel ?? ''));
    if (!channel) return fail('channel_not_found');
    const { text, blocks } = messageFields(args);
    const problem = messageLayoutError(text, blocks);
    if (problem) return problem;
    const message = context.store.addMessage({ channel, user: BOT.userId, text, blocks, ephemeralTo: null });
    return { ok: true, channel, ts: message.ts, message: { type: 'message', user: BOT.userId, bot_id: BOT.botId, text, blocks: blocks ?? [], ts: message.ts } };
  },

  'chat.postEphemeral': (context, args) => {
    const channel = context.store.resolveChannel(String(args.channel ?? ''));
    if (!channel) return fail('channel_not_found');
    const user = userById(String(args.user ?? ''));
    if (!user) return fail('user_not_found');
    const { text, blocks } = messageFields(args);
    const problem = messageLayoutError(text, blocks);
    if (problem) return problem;
    const message = context.store.addMessage({ channel, user: BOT.userId, text, blocks, ephemeralTo: user.id });
    return { ok: true, message_ts: message.ts };
  },

  'chat.update': (context, args) => {
    const channel = context.store.resolveChannel(String(args.channel ?? ''));
    const message = channel ? context.store.findMessage(channel, String(args.ts ?? '')) : undefined;
    if (!message) return fail('message_not_found');
    if (message.user !== BOT.userId || message.ephemeralTo !== null) return fail('cant_update_message');
    const { text, blocks } = messageFields(args);
    if (text.length > 4_000) return fail('msg_too_long');
    const problem = messageLayoutError(text || message.text, blocks ?? message.blocks);
    if (problem) return problem;
    message.text = text || message.text;
    if (blocks) message.blocks = blocks;
    message.edited = true;
    context.store.changed();
    return { ok: true, channel: message.channel, ts: message.ts, text: message.text };
  },

  'chat.delete': (context, args) => {
    const channel = context.store.resolveChannel(String(args.channel ?? ''));
    const message = channel ? context.store.findMessage(channel, String(args.ts ?? '')) : undefined;
    if (!message) return fail('message_not_found');
    if (message.user !== BOT.userId) return fail('cant_delete_message');
    context.store.removeMessage(message);
    return { ok: true, channel: message.channel, ts: message.ts };
  },

  'chat.getPermalink': (context, args) => {
    const channel = context.store.resolveChannel(String(args.channel ?? ''));
    const message = channel ? context.store.findMessage(channel, String(args.message_ts ?? '')) : undefined;
    if (!message) return fail('message_not_found');
    return { ok: true, channel: message.channel, permalink: `${context.baseUrl}/#${message.channel}/${message.ts}` };
  },

  'views.open': (context, args) => {
    const view = parseView(args, 'modal');
    if (isFailure(view)) return view;
    const problem = layoutProblems('modal', view);
    if (problem) return problem;
    const trigger = takeTrigger(context, args.trigger_id);
    if (isFailure(trigger)) return trigger;
    const userId = (trigger as { userId: string }).userId;
    const record = newView(context, userId, 'modal', view, null);
    context.store.views.set(record.id, record);
    // views.open starts a new stack; a modal that was open is replaced, as in Slack.
    context.store.modalStacks.set(userId, [record.id]);
    context.store.changed();
    return { ok: true, view: viewObject(record) };
  },

  'views.push': (context, args) => {
    const view = parseView(args, 'modal');
    if (isFailure(view)) return view;
    const problem = layoutProblems('modal', view);
    if (problem) return problem;
    const trigger = takeTrigger(context, args.trigger_id);
    if (isFailure(trigger)) return trigger;
    const userId = (trigger as { userId: string }).userId;
    const stack = context.store.modalStacks.get(userId) ?? [];
    if (stack.length === 0) return fail('invalid_arguments', { response_metadata: { messages: ['[ERROR] no modal is open to push onto'] } });
    if (stack.length >= MAX_MODAL_STACK) return fail('push_limit_reached');
    const record = newView(context, userId, 'modal', view, context.store.views.get(stack[stack.length - 1]!) ?? null);
    context.store.views.set(record.id, record);
    stack.push(record.id);
    context.store.changed();
    return { ok: true, view: viewObject(record) };
  },

  'views.update': (context, args) => {
    const externalId = typeof args.external_id === 'string' ? args.external_id : null;
    const record = typeof args.view_id === 'string' ? context.store.views.get(args.view_id) : [...context.store.views.values()].find((v) => externalId !== null && v.externalId === externalId);
    if (!record) return fail('not_found');
    const stillShown = record.type === 'home' ? context.store.homeViews.get(record.userId) === record.id : (context.store.modalStacks.get(record.userId) ?? []).includes(record.id);
    if (!stillShown) return fail('not_found');
    if (typeof args.hash === 'string' && args.hash !== '' && args.hash !== record.hash) return fail('hash_conflict');
    const view = parseView(args, record.type);
    if (isFailure(view)) return view;
    const problem = layoutProblems(record.type, view);
    if (problem) return problem;
    record.view = view;
    record.hash = `${Math.floor(context.now() / 1000)}.${context.store.nextId('H')}`;
    record.errors = {};
    record.problem = null;
    context.store.changed();
    return { ok: true, view: viewObject(record) };
  },

  'views.publish': (context, args) => {
    const user = userById(String(args.user_id ?? ''));
    if (!user) return fail('user_not_found');
    const view = parseView(args, 'home');
    if (isFailure(view)) return view;
    const problem = layoutProblems('home', view);
    if (problem) return problem;
    const existing = context.store.views.get(context.store.homeViews.get(user.id) ?? '');
    if (existing && typeof args.hash === 'string' && args.hash !== '' && args.hash !== existing.hash) return fail('hash_conflict');
    const record = existing ?? newView(context, user.id, 'home', view, null);
    record.view = view;
    record.hash = `${Math.floor(context.now() / 1000)}.${context.store.nextId('H')}`;
    context.store.views.set(record.id, record);
    context.store.homeViews.set(user.id, record.id);
    context.store.changed();
    return { ok: true, view: viewObject(record) };
  },

  'files.getUploadURLExternal': (context, args) => {
    const filename = typeof args.filename === 'string' ? args.filename : '';
    const length = Number(args.length);
    if (filename === '' || !Number.isInteger(length) || length <= 0) return fail('invalid_arguments');
    const id = context.store.nextId('F');
    context.store.files.set(id, { id, name: filename, title: filename, bytes: null });
    return { ok: true, upload_url: `${context.baseUrl}/upload/${id}`, file_id: id };
  },

  'files.completeUploadExternal': (context, args) => {
    const entries = jsonField<Array<{ id?: string; title?: string }>>(args.files);
    if (!Array.isArray(entries) || entries.length === 0) return fail('invalid_arguments');
    const files = [];
    for (const entry of entries) {
      const file = context.store.files.get(String(entry.id ?? ''));
      if (!file) return fail('file_not_found');
      if (file.bytes === null) return fail('file_upload_not_found');
      if (entry.title) file.title = entry.title;
      files.push({ id: file.id, name: file.name, title: file.title });
    }
    const channelArg = args.channel_id ?? args.channels;
    if (typeof channelArg === 'string' && channelArg !== '') {
      const channel = context.store.resolveChannel(channelArg);
      if (!channel) return fail('channel_not_found');
      context.store.addMessage({ channel, user: BOT.userId, text: typeof args.initial_comment === 'string' ? args.initial_comment : '', blocks: null, ephemeralTo: null, files });
    }
    return { ok: true, files };
  },
};

/** Runs one Web API method. Unknown methods return `unknown_method`, as Slack does. */
export function callWebApi(context: WebApiContext, method: string, args: Args): Result {
  const handler = methods[method];
  if (!handler) return fail('unknown_method');
  return handler(context, args);
}

export const IMPLEMENTED_METHODS = Object.keys(methods);
