import type { App, RespondFn } from '@slack/bolt';
import type { Logger } from 'pino';
import { z } from 'zod';
import { asBotError, InputError, PolicyDeniedError } from '../../lib/errors.js';
import { PAGE_MAX, PAGE_QUERY_MAX, pageActionIds } from '../../views/list-paging.js';
import { errorMessage } from '../../views/messages.js';
import { logFailure } from '../commands/index.js';
import type { PagedList } from '../commands/paged-list.js';
import { requestLogger, type BotDeps } from '../context.js';
import { clickSubject, parseEphemeralClick } from './payload.js';
import { auditRefusal } from '../refusals.js';

const pageValueSchema = z.strictObject({
  p: z.number().int().min(0).max(PAGE_MAX),
  q: z.string().max(PAGE_QUERY_MAX),
});

/**
 * Registers the Previous/Next buttons of every paged list. A click carries only the page and the
 * query, and both are validated again. The user who clicks is authorized for the subcommand again,
 * because a message may outlive a policy change. The ephemeral message is then replaced.
 */
export function registerListPaging(app: App, deps: BotDeps, lists: PagedList[]): void {
  for (const list of lists) {
    const ids = pageActionIds(list.pageAction);
    for (const actionId of [ids.previous, ids.next]) {
      app.action({ type: 'block_actions', action_id: actionId }, async ({ ack, body, respond, context }) => {
        await ack();
        const log = requestLogger(context, deps.logger);
        await deps.track(turnPage(list, deps, body, respond, log));
      });
    }
  }
}

async function turnPage(list: PagedList, deps: BotDeps, body: unknown, respond: RespondFn, log: Logger): Promise<void> {
  const click = parseEphemeralClick(body, log);
  if (!click) return;
  const subject = clickSubject(click);
  try {
    const state = parsePageValue(click.actions[0]?.value);
    await deps.authorizer.authorizeCommand(list.subcommand, subject);
    const message = await list.render({ deps, subject, log, state });
    await respond({ replace_original: true, response_type: 'ephemeral', ...message });
    log.info({ subcommand: list.subcommand, page: state.page }, 'list page sent');
  } catch (thrown) {
    const error = asBotError(thrown);
    logFailure(log, error);
    if (error instanceof PolicyDeniedError) {
      auditRefusal(deps, subject, list.subcommand, 'button', error);
    }
    await respond({ replace_original: false, response_type: 'ephemeral', ...errorMessage(error) }).catch((err: unknown) => log.error({ err }, 'could not send the error reply'));
  }
}

function parsePageValue(value: string | undefined): { page: number; query: string } {
  let json: unknown;
  try {
    json = JSON.parse(value ?? '');
  } catch {
    json = undefined;
  }
  const parsed = pageValueSchema.safeParse(json);
  if (!parsed.success) throw new InputError('This page button is not valid. Run the command again.');
  return { page: parsed.data.p, query: parsed.data.q };
}
