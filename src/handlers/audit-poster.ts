import type { WebClient } from '@slack/web-api';
import type { AuditPoster } from '../lib/audit/sender.js';
import { auditMessage } from '../views/audit-message.js';

/** Posts a group of audit events as one message to the audit channel and returns its ts. */
export function createAuditPoster(client: WebClient, channel: string): AuditPoster {
  return async (events) => {
    const message = auditMessage(events);
    const result = await client.chat.postMessage({ channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false });
    return result.ts ?? null;
  };
}
