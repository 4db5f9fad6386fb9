import type { Logger } from 'pino';
import type { Subject } from '../../lib/identity.js';
import type { Subcommand } from '../../lib/policy/subcommands.js';
import { PAGE_QUERY_MAX, type PageState } from '../../views/list-paging.js';
import type { SlackMessage } from '../../views/messages.js';
import type { BotDeps } from '../context.js';
import type { SubcommandHandler } from './types.js';

export interface PagedListRender {
  deps: BotDeps;
  subject: Subject;
  log: Logger;
  state: PageState;
}

/**
 * A list command whose reply has Previous/Next buttons. The command renders page 0; the
 * buttons' listener (src/handlers/actions/list-paging.ts) authorizes the same subcommand again
 * and renders the page that the button requests.
 */
export interface PagedList {
  subcommand: Subcommand;
  /** Base action_id of the list's page buttons. */
  pageAction: string;
  render(input: PagedListRender): Promise<SlackMessage>;
}

/** Builds a subcommand whose words are the query of a paged list. */
export function pagedListCommand(list: PagedList, usage: string, summary: string): SubcommandHandler {
  return {
    name: list.subcommand,
    usage,
    summary,
    async run({ words, deps, subject, log, respond }) {
      const query = words.join(' ').slice(0, PAGE_QUERY_MAX);
      const message = await list.render({ deps, subject, log, state: { page: 0, query } });
      await respond({ response_type: 'ephemeral', ...message });
      log.info({ subcommand: list.subcommand, hasQuery: query.length > 0 }, 'list sent');
    },
  };
}
