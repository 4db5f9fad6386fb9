import type { KnownBlock } from '@slack/types';
import type { RoleAccess } from '../lib/account/access.js';
import type { TeamMember } from '../lib/wix/team.js';
import { code } from '../lib/mrkdwn.js';
import { dashboardUrl, link, safe, sectionsOf, wixDate } from './format.js';
import type { SlackMessage } from './messages.js';

/** Characters of access lines per message, leaving room for the header under the ~12k total. */
const MESSAGE_BUDGET = 9_500;

/** `/wix whois`: a member's roles and the whole account or the sites each applies to. */
export function whoisMessage(member: TeamMember, access: RoleAccess[]): SlackMessage {
  const title = member.name || member.email || member.id;
  const facts = [
    `*Email:* ${member.email ? safe(member.email, 200) : 'none'}`,
    `*Wix user ID:* ${code(member.id.slice(0, 100))}`,
    `*Joined:* ${wixDate(member.joinedAt)}`,
  ];
  if (member.isAccountOwner) facts.push('*Account owner:* yes, with full access to everything');
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: `Access of ${title}`.slice(0, 150) } },
    { type: 'section', text: { type: 'mrkdwn', text: facts.join('\n') } },
  ];

  const lines = accessLines(access);
  if (lines.length === 0) lines.push(member.isAccountOwner ? 'No role assignments besides ownership.' : 'No roles: this member cannot reach any site.');
  blocks.push(...packLines(lines));
  return { text: `Access of ${safe(title, 200)}`, blocks };
}

function accessLines(access: RoleAccess[]): string[] {
  const lines: string[] = [];
  for (const role of access) {
    const name = `*${safe(role.roleName, 150)}*`;
    if (role.accountWide) lines.push(`${name} on the whole account (every site)`);
    for (const site of role.sites) lines.push(`${name} on ${link(dashboardUrl(site.id), site.name ?? `site ${site.id}`)}${site.name === null ? ' _(not in the site list)_' : ''}`);
  }
  return lines.map((line) => `• ${line}`);
}

/**
 * Keeps the lines that fit MESSAGE_BUDGET and adds how many were left out, so a member with
 * thousands of sites still fits one message.
 */
function packLines(lines: string[]): KnownBlock[] {
  let used = 0;
  let shown = 0;
  for (const line of lines) {
    if (used + line.length + 1 > MESSAGE_BUDGET) break;
    used += line.length + 1;
    shown += 1;
  }
  const blocks = sectionsOf(lines.slice(0, shown));
  if (shown < lines.length) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${lines.length - shown} more assignments not shown. The member's page in the Wix dashboard lists them all.` }] });
  }
  return blocks;
}
