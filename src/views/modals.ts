import type { ModalView } from '@slack/types';
import { escapeMrkdwn, truncate } from '../lib/mrkdwn.js';

/** A modal shown while the bot waits for Wix; the trigger_id is only valid for 3 seconds. */
export function loadingModal(title: string, callbackId: string): ModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    title: { type: 'plain_text', text: truncate(title, 24) },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: ':hourglass_flowing_sand: Loading from Wix…' } }],
  };
}

/** A modal that replaces a loading modal when the action cannot go on; `message` is plain text. */
export function errorModal(title: string, message: string): ModalView {
  return {
    type: 'modal',
    title: { type: 'plain_text', text: truncate(title, 24) },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: truncate(`:warning: ${escapeMrkdwn(message)}`, 3000) } }],
  };
}
