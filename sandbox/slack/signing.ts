import { createHmac } from 'node:crypto';

/**
 * Slack's v0 request signature: HMAC-SHA256 over `v0:<timestamp>:<raw body>` keyed with the app's
 * signing secret, as hex prefixed with `v0=`.
 */
export function slackSignatureHeaders(secret: string, rawBody: string, timestampSeconds = Math.floor(Date.now() / 1000)): Record<string, string> {
  const signature = 'v0=' + createHmac('sha256', secret).update(`v0:${timestampSeconds}:${rawBody}`).digest('hex');
  return { 'x-slack-request-timestamp': String(timestampSeconds), 'x-slack-signature': signature };
}
