import { UsageError } from '../../lib/errors.js';
import { sendInvites } from '../../lib/invites/send-invites.js';
import { inviteModal, inviteResultMessage } from '../../views/invite.js';
import { encodeInviteMetadata } from '../views/invite-metadata.js';
import { parseArgs } from './parse.js';
import type { CommandContext, SubcommandHandler } from './types.js';

const USAGE = 'invite EMAIL [EMAIL ...] --role ROLE [--sites SITE[,SITE...]]';

/**
 * `/wix invite EMAIL … --role ROLE [--sites …]` sends the invites at once and replies with each
 * address's outcome. `/wix invite` alone opens a form; its submission is handled in
 * `../views/invite-submit.ts`.
 */
export function createInviteCommand(): SubcommandHandler {
  return {
    name: 'invite',
    usage: USAGE,
    summary: 'Invite people to the Wix team with a role, on chosen sites or the whole account. Alone, opens a form.',
    opensModal: (words) => words.length === 0,
    async run(context) {
      if (context.viewId !== undefined) {
        await showInviteForm(context, context.viewId);
        return;
      }
      const { positionals, flags } = parseArgs(context.words, ['role', 'sites'], `/wix ${USAGE}`);
      if (positionals.length === 0) throw new UsageError('Give at least one email address to invite.', `/wix ${USAGE}`);
      const role = typeof flags.role === 'string' ? flags.role : undefined;
      const sites = typeof flags.sites === 'string' ? flags.sites.split(',').map((site) => site.trim()).filter(Boolean) : [];
      // An empty --sites must not fall through to the whole account, which grants more access.
      if (flags.sites !== undefined && sites.length === 0) throw new UsageError('--sites is empty. Give site names or IDs, or leave out --sites to invite on the whole account.', `/wix ${USAGE}`);

      const { deps, subject, log } = context;
      const result = await sendInvites({ wix: deps.wix, policy: deps.authorizer.policy, pickers: deps.pickers, audit: deps.audit, log }, { subject, emails: positionals, ...(role !== undefined ? { role } : {}), sites });
      await context.respond({ response_type: 'ephemeral', ...inviteResultMessage(result) });
    },
  };
}

/** Replaces the router's loading modal with the form once the roles are loaded from Wix. */
async function showInviteForm({ deps, client, command }: CommandContext, viewId: string): Promise<void> {
  // Owner-level roles need approval, so the form does not offer them.
  const roles = (await deps.pickers.roles.items()).filter((role) => !deps.authorizer.policy.isOwnerLevelRole(role));
  const privateMetadata = encodeInviteMetadata({ channelId: command.channel_id });
  await client.views.update({ view_id: viewId, view: inviteModal({ roles, privateMetadata }) });
}
