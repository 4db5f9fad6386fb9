import type { HomeView, KnownBlock } from '@slack/types';
import type { AccountSummary, HomeRequest } from '../lib/account/home.js';
import { escapeMrkdwn, mentionUser, slackDate, truncate } from '../lib/mrkdwn.js';
import { plural, safe } from './format.js';
import type { HelpEntry } from './messages.js';

/** Requests listed per Home tab section; each takes at most two blocks of the tab's 100. */
export const HOME_REQUESTS_SHOWN = 20;

export interface HomeInput {
  summary: AccountSummary;
  /** Null when no approval flow is wired in, so requests cannot be shown. */
  requests: { own: HomeRequest[]; awaiting: HomeRequest[]; actionIds: { approve: string; deny: string } } | null;
  /** Whether the viewer is an approver of at least one action; only approvers see their queue. */
  isApprover: boolean;
  updatedAt: Date;
  /** The `/wix` subcommands the viewer may run, listed at the end of the tab. */
  commands: HelpEntry[];
}

/**
 * Builds the Home tab of a member who may use the bot: the account at a glance, approval
 * requests, then what the bot does and its subcommands.
 */
export function homeView(input: HomeInput): HomeView {
  const count = (value: number | null | undefined, noun: string) => {
    if (value === undefined) return [];
    return [value === null ? `${noun}s: _unavailable_` : plural(value, noun)];
  };
  const counts = [...count(input.summary.members, 'member'), ...count(input.summary.pendingInvites, 'pending invite'), ...count(input.summary.sites, 'site')];
  const glance = counts.length > 0 ? counts.join(' · ') : 'Your rules in the policy file do not include `/wix team` or `/wix sites`, so no account counts are shown.';
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Wix account at a glance' } },
    { type: 'section', text: { type: 'mrkdwn', text: glance } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: `Updated ${slackDate(input.updatedAt)}. Run \`/wix help\` for the commands.` }] },
    { type: 'divider' },
  ];

  if (input.requests === null) {
    blocks.push(
      { type: 'header', text: { type: 'plain_text', text: 'Approval requests' } },
      { type: 'section', text: { type: 'mrkdwn', text: ':information_source: Approval requests are not shown here yet: this version of the bot has no approval flow connected to the Home tab.' } },
    );
    blocks.push(...commandBlocks(input.commands));
    return { type: 'home', blocks };
  }

  blocks.push({ type: 'header', text: { type: 'plain_text', text: 'Your pending requests' } });
  blocks.push(...requestBlocks(input.requests.own, 'You have no pending requests.', null));
  if (input.isApprover) {
    blocks.push({ type: 'divider' }, { type: 'header', text: { type: 'plain_text', text: 'Waiting for your approval' } });
    blocks.push(...requestBlocks(input.requests.awaiting, 'Nothing is waiting for you.', input.requests.actionIds));
  }
  blocks.push(...commandBlocks(input.commands));
  return { type: 'home', blocks };
}

/** Builds what the bot does and the `/wix` subcommands given, which are those the viewer may run. */
function commandBlocks(entries: HelpEntry[]): KnownBlock[] {
  const lines = entries.map((entry) => `• \`/wix ${escapeMrkdwn(entry.usage)}\` — ${escapeMrkdwn(entry.summary)}`);
  return [
    { type: 'divider' },
    { type: 'header', text: { type: 'plain_text', text: 'wix-team-bot' } },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: "Runs the Wix account's team from Slack: invites, roles, site access and transfers, with approvals for sensitive actions and an audit log in a channel.",
      },
    },
    { type: 'section', text: { type: 'mrkdwn', text: truncate(lines.length > 0 ? lines.join('\n') : 'The policy file allows you no subcommands.', 3000) } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: 'Run the commands from any conversation; replies are visible only to you. The policy file sets who may run each one.' }] },
  ];
}

function requestBlocks(requests: HomeRequest[], empty: string, actionIds: { approve: string; deny: string } | null): KnownBlock[] {
  if (requests.length === 0) return [{ type: 'section', text: { type: 'mrkdwn', text: empty } }];
  const blocks: KnownBlock[] = [];
  for (const request of requests.slice(0, HOME_REQUESTS_SHOWN)) {
    const expires = request.expiresAt ? ` · expires ${slackDate(request.expiresAt)}` : '';
    const text = `*${safe(request.summary, 500)}*\nRequested by ${mentionUser(request.requesterId)} ${slackDate(request.createdAt)} · ${request.approvals} of ${request.required} approvals${expires}`;
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text } });
    if (actionIds && request.id.length <= 200) {
      blocks.push({
        type: 'actions',
        block_id: `home_request_${request.id}`.slice(0, 255),
        elements: [
          { type: 'button', action_id: actionIds.approve, style: 'primary', text: { type: 'plain_text', text: 'Approve' }, value: request.id },
          { type: 'button', action_id: actionIds.deny, style: 'danger', text: { type: 'plain_text', text: 'Deny' }, value: request.id },
        ],
      });
    }
  }
  if (requests.length > HOME_REQUESTS_SHOWN) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${requests.length - HOME_REQUESTS_SHOWN} more. Run \`/wix requests\` to see them all.` }] });
  }
  return blocks;
}

/** Builds the Home tab of a guest, a user of another organization, or anyone else the bot rejects. */
export function homeUnavailableView(): HomeView {
  return {
    type: 'home',
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'The Wix team bot is not available to you. Only full members of this workspace can use it.' } }],
  };
}
