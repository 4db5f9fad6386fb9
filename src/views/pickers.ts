import type { Option, PlainTextOption } from '@slack/types';
import type { WixSite } from '../lib/wix/sites.js';
import { siteLabel } from '../lib/wix/sites.js';
import type { TeamMember } from '../lib/wix/team.js';
import type { AccountChoice } from '../lib/pickers/indexes.js';
import type { WixRole } from '../lib/wix/roles.js';
import { truncate } from '../lib/mrkdwn.js';

/**
 * action_ids of the external selects. One options listener serves each, whichever modal the
 * select is in.
 */
export const PICKER_ACTIONS = {
  site: 'picker_site',
  sites: 'picker_sites',
  member: 'picker_member',
  account: 'picker_account',
  role: 'picker_role',
} as const;

export type PickerAction = (typeof PICKER_ACTIONS)[keyof typeof PICKER_ACTIONS];

/** Value of the option shown when nothing matches; submissions must reject it. */
export const NO_MATCH_VALUE = '__no_match__';

function option(text: string, value: string, description?: string): PlainTextOption {
  const result: PlainTextOption = { text: { type: 'plain_text', text: truncate(text || value, 75) }, value };
  if (description) result.description = { type: 'plain_text', text: truncate(description, 75) };
  return result;
}

export function siteOption(site: WixSite): PlainTextOption {
  const where = site.viewUrl || site.name || '';
  return option(siteLabel(site), site.id, [where, site.namespace && site.namespace !== 'WIX' ? site.namespace : ''].filter(Boolean).join(' · '));
}

export function memberOption(member: TeamMember): PlainTextOption {
  return option(member.name || member.email, member.id, member.name ? member.email : undefined);
}

export function accountOption(account: AccountChoice): PlainTextOption {
  return option(account.name, account.id, account.isMain ? 'Main account' : 'Child account');
}

export function roleOption(role: WixRole): PlainTextOption {
  return option(role.name, role.id, role.isCustom ? 'Custom role' : undefined);
}

/**
 * Builds the response to a block_suggestion request: at most 100 options, or one "no match" option so
 * the user sees why the list is empty.
 */
export function pickerOptions(options: Option[], query: string, total: number): { options: Option[] } {
  if (options.length === 0) return { options: [option(`No match for "${truncate(query, 40)}"`, NO_MATCH_VALUE)] };
  const shown = options.slice(0, 100);
  if (total > shown.length) {
    // Keep 99 real options and add a note that more exist, so the list stays within Slack's 100.
    return { options: [...shown.slice(0, 99), option(`${total - 99} more: type more of the name`, NO_MATCH_VALUE)] };
  }
  return { options: shown };
}

/** Builds the options of a picker that is still loading its list from Wix. */
export function pickerLoadingOptions(): { options: Option[] } {
  return { options: [option('Still loading from Wix: type again in a moment', NO_MATCH_VALUE)] };
}
