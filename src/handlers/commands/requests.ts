import { pendingRequestsMessage } from '../../views/approval-messages.js';
import { cardLink } from '../approval-notifier.js';
import type { SubcommandHandler } from './types.js';

/** Requests listed in one reply; the message stays within Slack's 50 blocks. */
const LISTED = 40;

/** `/wix requests`: pending approval requests with links to their cards. */
export const requestsCommand: SubcommandHandler = {
  name: 'requests',
  usage: 'requests',
  summary: 'List pending approval requests with links to their cards.',
  async run({ deps, respond }) {
    const { requests, total } = deps.approvals.pending(LISTED);
    const items = requests.map((request) => ({ request, cardUrl: request.card ? cardLink(request.card) : null }));
    await respond({ response_type: 'ephemeral', ...pendingRequestsMessage(items, total) });
  },
};
