import type { WebClient } from '@slack/web-api';
import type { ApprovalNotifier } from '../lib/approvals/service.js';
import type { ApprovalRequest, ApprovalVote } from '../lib/approvals/types.js';
import { approvalCard } from '../views/approval-card.js';
import { requesterUpdateMessage } from '../views/approval-messages.js';

/** Posts and redraws approval cards and DMs requesters through the Slack Web API. */
export class SlackApprovalNotifier implements ApprovalNotifier {
  constructor(
    private readonly client: WebClient,
    private readonly channel: string,
  ) {}

  async postCard(request: ApprovalRequest, votes: ApprovalVote[]): Promise<{ channel: string; ts: string }> {
    const card = approvalCard(request, votes);
    const result = await this.client.chat.postMessage({ channel: this.channel, text: card.text, blocks: card.blocks, unfurl_links: false, unfurl_media: false });
    if (!result.ts || !result.channel) throw new Error('chat.postMessage returned no channel or ts for the approval card');
    return { channel: result.channel, ts: result.ts };
  }

  async updateCard(request: ApprovalRequest, votes: ApprovalVote[]): Promise<void> {
    if (!request.card) return;
    const card = approvalCard(request, votes);
    await this.client.chat.update({ channel: request.card.channel, ts: request.card.ts, text: card.text, blocks: card.blocks });
  }

  async tellRequester(request: ApprovalRequest): Promise<void> {
    const message = requesterUpdateMessage(request, request.card ? cardLink(request.card) : null);
    // A user ID as channel posts to the app's DM with that user.
    await this.client.chat.postMessage({ channel: request.requester.userId, text: message.text, blocks: message.blocks, unfurl_links: false });
  }

  /** Returns the card's permalink from Slack, or a link built from channel and ts when Slack returns none. */
  async permalink(card: { channel: string; ts: string } | null): Promise<string | null> {
    if (!card) return null;
    const result = await this.client.chat.getPermalink({ channel: card.channel, message_ts: card.ts }).catch(() => undefined);
    return typeof result?.permalink === 'string' ? result.permalink : cardLink(card);
  }
}

/** Builds a message link that Slack resolves in the workspace the reader is signed in to. */
export function cardLink(card: { channel: string; ts: string }): string {
  return `https://slack.com/archives/${card.channel}/p${card.ts.replace('.', '')}`;
}
