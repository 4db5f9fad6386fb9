import type { RespondFn, SlashCommand } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Subcommand } from '../../lib/policy/subcommands.js';
import type { Subject } from '../../lib/identity.js';
import type { BotDeps } from '../context.js';

/** What a subcommand handler gets after routing, parsing and authorization. */
export interface CommandContext {
  /** Words after the subcommand name, already tokenized. */
  words: string[];
  command: SlashCommand;
  subject: Subject;
  respond: RespondFn;
  client: WebClient;
  log: Logger;
  deps: BotDeps;
}

export interface SubcommandHandler {
  name: Subcommand;
  /** Syntax shown in help and usage errors, without the leading "/wix ". */
  usage: string;
  summary: string;
  /**
   * Called before authorization when the subcommand opens a modal, because the trigger_id expires
   * 3 seconds after the click; returns true when it opened one (the run then updates that view).
   */
  opensModal?: (words: string[]) => boolean;
  run(context: CommandContext & { viewId?: string }): Promise<void>;
}
