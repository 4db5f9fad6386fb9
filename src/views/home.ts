import type { HomeView } from '@slack/types';
import { escapeMrkdwn, truncate } from '../lib/mrkdwn.js';
import type { HelpEntry } from './messages.js';

/**
 * Builds the Home tab: what the bot does and the `/wix` subcommands. It shows no Wix data, so it
 * is the same for every user and needs no policy check.
 */
export function homeView(entries: HelpEntry[]): HomeView {
  const lines = entries.map((entry) => `• \`/wix ${escapeMrkdwn(entry.usage)}\` — ${escapeMrkdwn(entry.summary)}`);
  return {
    type: 'home',
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: 'wix-team-bot' } },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: 'Runs the Wix account\'s team from Slack: invites, roles, site access and transfers, with approvals for sensitive actions and an audit log in a channel.',
        },
      },
      { type: 'section', text: { type: 'mrkdwn', text: truncate(lines.length > 0 ? lines.join('\n') : 'No subcommands are enabled.', 3000) } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Run the commands from any conversation; replies are visible only to you. The policy file sets who may run each one.' }] },
    ],
  };
}
