import { UsageError } from '../../lib/errors.js';
import { prepareTransfer } from '../../lib/approvals/prepare.js';
import { noArguments, parseRequestArgs, sendForApproval, showRequestForm } from './approval-request.js';
import type { SubcommandHandler } from './types.js';

const USAGE = 'transfer SITE --to ACCOUNT --reason TEXT';

/** `/wix transfer SITE --to ACCOUNT --reason TEXT`: requests approval to move a site to another account. */
export const transferCommand: SubcommandHandler = {
  name: 'transfer',
  usage: USAGE,
  summary: 'Ask approvers to move a site (ID or exact name) to the main account or a child account. Alone, opens a form.',
  opensModal: noArguments,
  async run(context) {
    if (context.viewId) return showRequestForm({ ...context, viewId: context.viewId }, 'transfer');
    const { positionals, flags, reason } = parseRequestArgs(context.words, ['to'], USAGE);
    const site = positionals.join(' ').trim();
    if (!site) throw new UsageError('Name the site to transfer.', USAGE);
    if (!flags.to) throw new UsageError('Name the target account with --to.', USAGE);
    const prepared = await prepareTransfer({ wix: context.deps.wix, pickers: context.deps.pickers, policy: context.deps.authorizer.policy }, { site, target: flags.to });
    const message = await sendForApproval(context.deps, context.subject, prepared, reason);
    await context.respond({ response_type: 'ephemeral', ...message });
  },
};
