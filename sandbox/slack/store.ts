import { EventEmitter } from 'node:events';
import { BOT, CHANNELS, dmChannelId, USERS } from './workspace.js';

export interface SimFile {
  id: string;
  name: string;
  title: string;
  bytes: Buffer | null;
}

export interface SimMessage {
  ts: string;
  channel: string;
  /** Author: a user ID, or the bot's user ID. */
  user: string;
  text: string;
  blocks: unknown[] | null;
  /** Set for an ephemeral message: only this user sees it, and it is gone on reload in Slack. */
  ephemeralTo: string | null;
  edited: boolean;
  files: Array<{ id: string; name: string; title: string }>;
  /** A simulator note (a slash command echo or an error Slack would show); not a real message. */
  note: boolean;
}

export interface SimView {
  id: string;
  userId: string;
  type: 'modal' | 'home';
  /** The view object as the bot sent it (title, blocks, callback_id, private_metadata …). */
  view: Record<string, unknown>;
  hash: string;
  rootViewId: string;
  previousViewId: string | null;
  externalId: string | null;
  /** Messages from a `response_action: errors` acknowledgement, keyed by block_id. */
  errors: Record<string, string>;
  /** A problem the simulator shows at the bottom of the modal, such as a timed-out submission. */
  problem: string | null;
}

export interface Trigger {
  userId: string;
  createdAt: number;
  used: boolean;
}

export interface ResponseUrlContext {
  channel: string;
  userId: string;
  /**
   * The message that replace_original and delete_original act on: the message a block action
   * came from, or for a slash command the last reply sent through this URL.
   */
  messageTs: string | null;
  createdAt: number;
  uses: number;
}

/** Everything the simulator remembers. Emits `change` after every change the page must show. */
export class SimStore extends EventEmitter {
  readonly messages: SimMessage[] = [];
  readonly views = new Map<string, SimView>();
  /** Open modals per user, bottom first; Slack stacks at most three. */
  readonly modalStacks = new Map<string, string[]>();
  readonly homeViews = new Map<string, string>();
  readonly triggers = new Map<string, Trigger>();
  readonly responseUrls = new Map<string, ResponseUrlContext>();
  readonly files = new Map<string, SimFile>();
  private seq = 0;
  private lastTs = 0;
  version = 0;

  constructor() {
    super();
    this.setMaxListeners(100);
  }

  nextId(prefix: string): string {
    this.seq += 1;
    return `${prefix}0SB${this.seq.toString(36).toUpperCase().padStart(5, '0')}`;
  }

  /** Returns a message timestamp that is unique and increasing, like Slack's `ts`. */
  nextTs(): string {
    const micros = Math.max(Date.now() * 1000, this.lastTs + 1);
    this.lastTs = micros;
    return `${Math.floor(micros / 1_000_000)}.${String(micros % 1_000_000).padStart(6, '0')}`;
  }

  changed(): void {
    this.version += 1;
    this.emit('change', this.version);
  }

  addMessage(message: Omit<SimMessage, 'ts' | 'edited' | 'files' | 'note'> & Partial<Pick<SimMessage, 'files' | 'note'>>): SimMessage {
    const stored: SimMessage = { ts: this.nextTs(), edited: false, files: [], note: false, ...message };
    this.messages.push(stored);
    this.changed();
    return stored;
  }

  findMessage(channel: string, ts: string): SimMessage | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts);
  }

  removeMessage(message: SimMessage): void {
    const index = this.messages.indexOf(message);
    if (index >= 0) this.messages.splice(index, 1);
    this.changed();
  }

  /** Conversations a user sees: the public channels, and the bot's DM with them. */
  conversationsFor(userId: string): Array<{ id: string; name: string; kind: 'channel' | 'dm'; topic: string }> {
    return [...CHANNELS.map((c) => ({ id: c.id, name: c.name, kind: 'channel' as const, topic: c.topic })), { id: dmChannelId(userId), name: BOT.name, kind: 'dm' as const, topic: 'Messages from the bot to you.' }];
  }

  /** Returns the messages a user may see in a conversation: everyone's, plus ephemeral ones meant for them. */
  visibleMessages(userId: string, channel: string): SimMessage[] {
    return this.messages.filter((m) => m.channel === channel && (m.ephemeralTo === null || m.ephemeralTo === userId));
  }

  modalStack(userId: string): SimView[] {
    return (this.modalStacks.get(userId) ?? []).map((id) => this.views.get(id)).filter((v): v is SimView => v !== undefined);
  }

  /** Resolves a DM target: a user ID posts to the bot's DM with that user, as chat.postMessage does. */
  resolveChannel(channel: string): string | null {
    if (CHANNELS.some((c) => c.id === channel)) return channel;
    if (USERS.some((u) => u.id === channel)) return dmChannelId(channel);
    if (USERS.some((u) => dmChannelId(u.id) === channel)) return channel;
    return null;
  }
}
