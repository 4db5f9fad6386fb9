import type { App, BlockButtonAction } from '@slack/bolt';
import { auditPageStateSchema, readAuditPage } from '../../lib/audit/browse.js';
import { asBotError, InputError, PolicyDeniedError } from '../../lib/errors.js';
import { AUDIT_NEWER_ACTION, AUDIT_OLDER_ACTION, auditListFit, auditListMessage } from '../../views/audit-command.js';
import { errorMessage } from '../../views/messages.js';
import { logFailure } from '../commands/index.js';
import { requestLogger, type BotDeps } from '../context.js';
import { auditRefusal } from '../refusals.js';

/**
 * Older and Newer on a `/wix audit` page. The button value is parsed again and the clicking user is
 * authorized again, because anyone who can view the message could click and values can be forged.
 */
export function registerAuditPageActions(app: App, deps: BotDeps): void {
  for (const actionId of [AUDIT_OLDER_ACTION, AUDIT_NEWER_ACTION]) {
    app.action<BlockButtonAction>(actionId, async ({ ack, body, action, respond, context }) => {
      await ack();
      const log = requestLogger(context, deps.logger);
      const subject = { teamId: body.user.team_id ?? body.team?.id ?? '', userId: body.user.id };
      await deps.track(
        (async () => {
          try {
            await deps.authorizer.authorizeCommand('audit', subject);
            const state = parseButtonValue(action.value);
            const page = readAuditPage(deps.store, state, (events) => auditListFit(events, state));
            await respond({ replace_original: true, ...auditListMessage(page) });
          } catch (thrown) {
            const error = asBotError(thrown);
            logFailure(log, error);
            if (error instanceof PolicyDeniedError) {
              auditRefusal(deps, subject, 'audit', 'button', error);
            }
            await respond({ response_type: 'ephemeral', replace_original: false, ...errorMessage(error) }).catch((err: unknown) => log.error({ err }, 'could not send the error reply'));
          }
        })(),
      );
    });
  }
}

function parseButtonValue(value: string | undefined): ReturnType<typeof auditPageStateSchema.parse> {
  let json: unknown;
  try {
    json = JSON.parse(value ?? '');
  } catch {
    throw new InputError('This button is damaged. Run /wix audit again.');
  }
  const parsed = auditPageStateSchema.safeParse(json);
  if (!parsed.success) throw new InputError('This button is damaged. Run /wix audit again.');
  return parsed.data;
}
