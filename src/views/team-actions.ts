import type { ModalView } from '@slack/types';
import type { TeamMember } from '../lib/wix/team.js';
import { code, escapeMrkdwn } from '../lib/mrkdwn.js';
import { safe } from './format.js';
import type { SlackMessage } from './messages.js';

/**
 * Builds the reply to "Change role" or "Remove from team": the command that starts the approval
 * flow for this member. The member is named by email when it has one, else by Wix user ID.
 */
export function memberCommandHint(operation: 'role' | 'remove', member: TeamMember): SlackMessage {
  const target = member.email && !/\s/.test(member.email) ? member.email : member.id;
  const command = operation === 'role' ? `/wix role ${target} "ROLE NAME" --reason "REASON"` : `/wix remove ${target} --reason "REASON"`;
  const verb = operation === 'role' ? 'change the role of' : 'remove';
  const text = `To ${verb} *${safe(member.name || member.email || member.id, 150)}*, run ${code(command.slice(0, 400))}\nThe change goes through the approval flow before it reaches Wix.`;
  return { text: `Run ${escapeMrkdwn(command.slice(0, 400))}`, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

/**
 * Adds a line naming the member to a request form opened from the member menu. Slack keeps the
 * selection of an input block across views.update, so the picker may still show the Wix user ID.
 */
export function withChosenMember(view: ModalView, member: TeamMember): ModalView {
  const who = member.name && member.email ? `${safe(member.name, 150)} (${safe(member.email, 150)})` : safe(member.name || member.email || member.id, 150);
  return { ...view, blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: `Member: *${who}*` }] }, ...view.blocks] };
}
