import { UsageError } from '../../lib/errors.js';
import { prepareRemove } from '../../lib/approvals/prepare.js';
import { noArguments, parseRequestArgs, sendForApproval, showRequestForm } from './approval-request.js';
import type { SubcommandHandler } from './types.js';

const USAGE = 'remove MEMBER --reason TEXT';

/** `/wix remove MEMBER --reason TEXT`: requests approval to remove a member from the Wix team. */
export const removeCommand: SubcommandHandler = {
  name: 'remove',
  usage: USAGE,
  summary: 'Ask approvers to remove a team member (Wix user ID or exact email). Alone, opens a form.',
  opensModal: noArguments,
  async run(context) {
    if (context.viewId) return showRequestForm({ ...context, viewId: context.viewId }, 'remove');
    const { positionals, reason } = parseRequestArgs(context.words, [], USAGE);
    if (positionals.length !== 1) throw new UsageError('Name one member by Wix user ID or email.', USAGE);
    const prepared = await prepareRemove({ wix: context.deps.wix, pickers: context.deps.pickers, policy: context.deps.authorizer.policy }, { member: positionals[0]! });
    const message = await sendForApproval(context.deps, context.subject, prepared, reason);
    await context.respond({ response_type: 'ephemeral', ...message });
  },
};
