import { slackSignatureHeaders } from './signing.js';

export interface BotAnswer {
  status: number;
  body: string;
  /** True when the bot did not answer within Slack's 3-second window. */
  timedOut: boolean;
}

/** Slack gives the app this long to acknowledge a command, an interaction or an event. */
export const ACK_TIMEOUT_MS = 3_000;

/** Sends signed requests to the bot's `/slack/events` endpoint, the way Slack does. */
export class BotLink {
  constructor(
    private readonly options: {
      /** The bot's request URL, such as http://127.0.0.1:3000/slack/events. */
      requestUrl: string;
      signingSecret: string;
      timeoutMs?: number;
    },
  ) {}

  /** Posts a slash command's form fields. */
  command(fields: Record<string, string>): Promise<BotAnswer> {
    return this.post(new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded');
  }

  /** Posts an interactive payload as the single form field `payload`. */
  interaction(payload: Record<string, unknown>): Promise<BotAnswer> {
    return this.post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded');
  }

  /** Posts an Events API envelope as JSON. */
  event(envelope: Record<string, unknown>): Promise<BotAnswer> {
    return this.post(JSON.stringify(envelope), 'application/json');
  }

  private async post(rawBody: string, contentType: string): Promise<BotAnswer> {
    const headers = { 'content-type': contentType, ...slackSignatureHeaders(this.options.signingSecret, rawBody) };
    try {
      const response = await fetch(this.options.requestUrl, { method: 'POST', headers, body: rawBody, signal: AbortSignal.timeout(this.options.timeoutMs ?? ACK_TIMEOUT_MS) });
      return { status: response.status, body: await response.text(), timedOut: false };
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      return { status: 0, body: timedOut ? '' : (error as Error).message, timedOut };
    }
  }
}
