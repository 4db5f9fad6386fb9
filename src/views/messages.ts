import type { KnownBlock } from '@slack/types';
import { escapeMrkdwn, truncate } from '../lib/mrkdwn.js';
import { AmbiguousError, NotFoundError, UsageError, type BotError } from '../lib/errors.js';

/** A message body for chat.postMessage, respond() or an ack. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** Builds a short plain message with one mrkdwn section. `mrkdwn` must already be escaped. */
export function simpleMessage(mrkdwn: string, fallback?: string): SlackMessage {
  const text = truncate(mrkdwn, 3000);
  return { text: truncate(fallback ?? mrkdwn, 3000), blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}

/**
 * The reply for a failed command or click: what failed and what to do next. Only the error's
 * userMessage is shown; stacks and Wix bodies stay in the logs.
 */
export function errorMessage(error: BotError): SlackMessage {
  const lines = [`:warning: ${escapeMrkdwn(error.userMessage)}`];
  if (error instanceof UsageError) lines.push(`*Usage:* ${escapeMrkdwn(error.usage)}`);
  if ((error instanceof NotFoundError || error instanceof AmbiguousError) && error.candidates.length > 0) {
    const shown = error.candidates.slice(0, 15).map((c) => `• ${escapeMrkdwn(truncate(c, 150))}`);
    const more = error.candidates.length > 15 ? `\n…and ${error.candidates.length - 15} more` : '';
    lines.push(`${error instanceof AmbiguousError ? 'Matches' : 'Did you mean'}:\n${shown.join('\n')}${more}`);
  }
  return simpleMessage(lines.join('\n'), error.userMessage);
}

export interface HelpEntry {
  name: string;
  usage: string;
  summary: string;
}

/** `/wix help`: one line per subcommand. */
export function helpMessage(entries: HelpEntry[]): SlackMessage {
  const lines = entries.map((entry) => `• \`/wix ${escapeMrkdwn(entry.usage)}\` — ${escapeMrkdwn(entry.summary)}`);
  return {
    text: 'wix-team-bot commands',
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: 'wix-team-bot commands' } },
      { type: 'section', text: { type: 'mrkdwn', text: truncate(lines.join('\n'), 3000) } },
      { type: 'context', elements: [{ type: 'mrkdwn', text: 'Quote values with spaces: `--role "Website Manager"`. What you may run is set by the policy file.' }] },
    ],
  };
}
