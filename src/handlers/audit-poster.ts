import type { WebClient } from '@slack/web-api';
import type { AuditChannel } from '../lib/audit/sender.js';
import { auditMessage, auditMessageFit } from '../views/audit-message.js';

/**
 * Creates the audit channel for the outbox sender, which sizes groups with the message view and posts them.
 * `client` must have retries off and `rejectRateLimitedCalls` on, because the sender owns retries.
 */
export function createAuditChannel(client: WebClient, channel: string): AuditChannel {
  return {
    fit: auditMessageFit,
    async post(events, { minimal }) {
      const message = auditMessage(events, { minimal });
      const result = await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false });
      return result.ts ?? null;
    },
  };
}
