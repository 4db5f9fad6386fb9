/**
 * The simulated Slack workspace: one team, the bot, five people to switch between, two user
 * groups and three channels. IDs follow Slack's shapes (U…, S…, C…, D…) so the bot's validators
 * accept them; every name is invented.
 */

export const TEAM = { id: 'T0SANDBOX', domain: 'harborlight', name: 'Harborlight Studio' } as const;
/** The organization of the Slack Connect partner, which the bot must refuse. */
export const PARTNER_TEAM = { id: 'T0PARTNER', name: 'Partner Agency' } as const;
export const BOT = { userId: 'U0SBBOT01', botId: 'B0SBBOT01', appId: 'A0SBAPP01', name: 'wix-team-bot' } as const;

export interface SimUser {
  id: string;
  /** Handle, as in @lena. */
  name: string;
  realName: string;
  /** Label shown next to the name in the user switcher. */
  role: string;
  teamId: string;
  isRestricted: boolean;
  email: string;
}

export const USERS: SimUser[] = [
  { id: 'U0SBLEAD1', name: 'lena', realName: 'Lena Park', role: 'Team lead', teamId: TEAM.id, isRestricted: false, email: 'lena.park@example.com' },
  { id: 'U0SBOWNR1', name: 'omar', realName: 'Omar Reyes', role: 'Owner', teamId: TEAM.id, isRestricted: false, email: 'omar.reyes@example.com' },
  { id: 'U0SBOWNR2', name: 'olivia', realName: 'Olivia Chen', role: 'Owner', teamId: TEAM.id, isRestricted: false, email: 'olivia.chen@example.com' },
  { id: 'U0SBGUEST', name: 'gus', realName: 'Gus Tran', role: 'Guest', teamId: TEAM.id, isRestricted: true, email: 'gus.tran@example.com' },
  { id: 'U0SBEXTRN', name: 'eve', realName: 'Eve Novak', role: 'Partner Agency (Slack Connect)', teamId: PARTNER_TEAM.id, isRestricted: false, email: 'eve.novak@example.com' },
];

export const GROUPS: Record<string, { handle: string; name: string; users: string[] }> = {
  S0SBLEADS: { handle: 'team-leads', name: 'Team leads', users: ['U0SBLEAD1'] },
  S0SBOWNRS: { handle: 'owners', name: 'Owners', users: ['U0SBOWNR1', 'U0SBOWNR2'] },
};

export interface SimChannel {
  id: string;
  name: string;
  topic: string;
}

export const WORK_CHANNEL: SimChannel = { id: 'C0SBWORK1', name: 'site-ops', topic: 'Day-to-day work on client sites. Try /wix help.' };
export const APPROVALS_CHANNEL: SimChannel = { id: 'C0SBAPPRV', name: 'wix-approvals', topic: 'Approval requests for transfers, removals and owner-level role changes.' };
export const AUDIT_CHANNEL: SimChannel = { id: 'C0SBAUDIT', name: 'wix-audit', topic: 'Every action of the bot, in order.' };
export const CHANNELS: SimChannel[] = [WORK_CHANNEL, APPROVALS_CHANNEL, AUDIT_CHANNEL];

/** Returns the ID of the bot's direct-message channel with a user. */
export function dmChannelId(userId: string): string {
  return `D${userId.slice(1)}`;
}

export function userById(id: string): SimUser | undefined {
  return USERS.find((user) => user.id === id);
}

/** The users.info object Slack returns for a user, with the fields the bot reads. */
export function usersInfoObject(user: SimUser): Record<string, unknown> {
  return {
    id: user.id,
    team_id: user.teamId,
    name: user.name,
    real_name: user.realName,
    deleted: false,
    is_bot: false,
    is_app_user: false,
    is_admin: false,
    is_owner: false,
    is_restricted: user.isRestricted,
    is_ultra_restricted: false,
    tz: 'Europe/Berlin',
    profile: { real_name: user.realName, display_name: user.name, email: user.email, team: user.teamId },
  };
}
