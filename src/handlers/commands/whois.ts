import type { Logger } from 'pino';
import { memberAccess } from '../../lib/account/access.js';
import { resolveMember } from '../../lib/account/team.js';
import { UsageError } from '../../lib/errors.js';
import { siteNames } from '../../lib/account/listing.js';
import { searchTeam, type TeamMember } from '../../lib/wix/team.js';
import { whoisMessage } from '../../views/whois.js';
import type { SlackMessage } from '../../views/messages.js';
import type { BotDeps } from '../context.js';
import type { SubcommandHandler } from './types.js';

const USAGE = 'whois MEMBER';

/** `/wix whois MEMBER`: one member's roles and the sites or whole account each applies to. */
export const whoisCommand: SubcommandHandler = {
  name: 'whois',
  usage: USAGE,
  summary: "Show one member's access: each role and its sites. MEMBER is a Wix user ID, email or name.",
  async run({ words, deps, respond, log }) {
    const text = words.join(' ').trim();
    if (!text) throw new UsageError('Name the member: a Wix user ID, email or full name.', `/wix ${USAGE}`);
    const { members } = await searchTeam(deps.wix);
    const member = resolveMember(members, text);
    await respond({ response_type: 'ephemeral', ...(await whoisFor(deps, member, log)) });
    log.info({ memberId: member.id }, 'whois sent');
  },
};

/** Builds the whois reply, with role names from the role index and site names from the site index. */
export async function whoisFor(deps: BotDeps, member: TeamMember, log: Logger): Promise<SlackMessage> {
  const roles = await deps.pickers.roles.items();
  const siteIds = member.assignments.map((assignment) => assignment.siteId).filter((id): id is string => id !== null);
  const names = await siteNames(deps.wix, deps.pickers.sites, siteIds, log);
  return whoisMessage(member, memberAccess(member, roles, (id) => names.get(id) ?? null));
}

/** Finds a member by Wix user ID in a fresh Search Team read, or returns undefined. */
export async function findMemberById(deps: BotDeps, memberId: string): Promise<TeamMember | undefined> {
  const { members } = await searchTeam(deps.wix);
  return members.find((member) => member.id === memberId);
}
