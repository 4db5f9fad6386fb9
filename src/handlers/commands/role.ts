import { UsageError } from '../../lib/errors.js';
import { prepareRoleChange } from '../../lib/approvals/prepare.js';
import { directRoleChangeMessage } from '../../views/approval-messages.js';
import { noArguments, parseRequestArgs, sendForApproval, showRequestForm } from './approval-request.js';
import type { SubcommandHandler } from './types.js';

const USAGE = 'role MEMBER ROLE --reason TEXT';

/**
 * `/wix role MEMBER ROLE --reason TEXT`: sets a member's account-level role. A change to or from an
 * owner-level role goes to the approvers; any other change runs at once.
 */
export const roleCommand: SubcommandHandler = {
  name: 'role',
  usage: USAGE,
  summary: "Set a member's account-level role; owner-level changes need approval. Alone, opens a form.",
  opensModal: noArguments,
  async run(context) {
    if (context.viewId) return showRequestForm({ ...context, viewId: context.viewId }, 'role');
    const { positionals, reason } = parseRequestArgs(context.words, [], USAGE);
    if (positionals.length < 2) throw new UsageError('Name the member (Wix user ID or email) and the new role.', USAGE);
    const [member, ...roleWords] = positionals;
    const prepared = await prepareRoleChange({ wix: context.deps.wix, pickers: context.deps.pickers, policy: context.deps.authorizer.policy }, { member: member!, role: roleWords.join(' ') });
    if (!prepared.needsApproval) {
      const { result } = await context.deps.approvals.changeRoleNow(context.subject, prepared, reason);
      await context.respond({ response_type: 'ephemeral', ...directRoleChangeMessage(result) });
      return;
    }
    const message = await sendForApproval(context.deps, context.subject, prepared, reason);
    await context.respond({ response_type: 'ephemeral', ...message });
  },
};
