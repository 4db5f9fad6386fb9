import type { KnownBlock } from '@slack/types';
import type { AuditEvent } from '../lib/audit/event.js';
import { code, escapeMrkdwn, truncate } from '../lib/mrkdwn.js';
import { actorText, detailValue, shortHash, targetText, timeText, truncateMrkdwn } from './audit-text.js';
import { blockKitViolations, LIMITS } from './limits.js';

export { shortHash } from './audit-text.js';

export interface AuditMessage {
  text: string;
  blocks: KnownBlock[];
}

/** Targets listed by name in one event; the rest are counted. */
const MAX_TARGETS_SHOWN = 10;
/** Characters of one parameter value before it is cut. */
const MAX_VALUE_LENGTH = 300;

/**
 * Renders one event as mrkdwn for the audit channel. The first line (action, outcome, actor) and
 * the last lines (approval and Wix request ids, time, event id, seq, short hash) are always
 * complete. The targets, reason and parameters in between are cut to fit `maxLength`.
 */
export function auditEventText(event: AuditEvent, maxLength: number = LIMITS.sectionText): string {
  const head = `*${escapeMrkdwn(truncate(event.action, 100))}* · ${escapeMrkdwn(truncate(event.outcome, 40))} · by ${actorText(event)}`;
  const tail = idLines(event);
  const budget = maxLength - head.length - tail.length - 2;
  const middle = truncateMrkdwn(middleLines(event).join('\n'), Math.max(0, budget));
  return [head, middle, tail].filter(Boolean).join('\n');
}

/** Renders the short form posted when Slack refused the full one: what happened, when, and how to read the rest. */
export function auditEventMinimalText(event: AuditEvent): string {
  const head = `*${escapeMrkdwn(truncate(event.action, 100))}* · ${escapeMrkdwn(truncate(event.outcome, 40))} · by ${actorText(event)}`;
  return [head, 'Slack refused the full text of this event; read it with `npm run audit -- export`.', idLines(event)].join('\n');
}

function middleLines(event: AuditEvent): string[] {
  const lines: string[] = [];
  if (event.targets.length > 0) {
    const shown = event.targets.slice(0, MAX_TARGETS_SHOWN).map(targetText);
    const more = event.targets.length > MAX_TARGETS_SHOWN ? ` and ${event.targets.length - MAX_TARGETS_SHOWN} more` : '';
    lines.push(`On: ${shown.join(', ')}${more}`);
  }
  const { reason, ...parameters } = event.details;
  if (reason !== undefined && reason !== null && reason !== '') lines.push(`Reason: ${detailValue(reason, MAX_VALUE_LENGTH)}`);
  for (const [key, value] of Object.entries(parameters)) {
    if (value === undefined || value === null || value === '') continue;
    lines.push(`${escapeMrkdwn(truncate(key, 60))}: ${detailValue(value, MAX_VALUE_LENGTH)}`);
  }
  return lines;
}

function idLines(event: AuditEvent): string {
  const requests = [
    event.approvalId ? `Approval request ${code(truncate(event.approvalId, 80))}` : '',
    event.wixRequestId ? `Wix request ${code(truncate(event.wixRequestId, 80))}` : '',
  ].filter(Boolean);
  return [
    requests.join(' · '),
    timeText(event),
    `Event ${code(truncate(event.eventId, 64))} · #${event.seq} · hash ${code(shortHash(event.hash))}`,
  ]
    .filter(Boolean)
    .join('\n');
}

/** Builds a message for one or more events, oldest first, one section block per event. */
export function auditMessage(events: AuditEvent[], options: { minimal?: boolean } = {}): AuditMessage {
  const first = events[0];
  const last = events[events.length - 1];
  let text: string;
  if (!first || !last) text = 'Audit: no events';
  else if (events.length === 1) text = `Audit #${first.seq}: ${escapeMrkdwn(truncate(first.action, 100))} ${escapeMrkdwn(truncate(first.outcome, 40))}`;
  else text = `Audit #${first.seq}–#${last.seq}: ${events.length} events`;
  return {
    text,
    blocks: events.map((event) => ({
      type: 'section',
      text: { type: 'mrkdwn', text: options.minimal ? auditEventMinimalText(event) : auditEventText(event) },
    })),
  };
}

/**
 * Counts how many of the leading events fit one message within Slack's limits (blocks per message and
 * total block text). Returns at least 1, because one event always fits on its own.
 */
export function auditMessageFit(events: AuditEvent[]): number {
  let count = 0;
  let total = 0;
  for (const event of events) {
    const length = auditEventText(event).length;
    if (count + 1 > LIMITS.messageBlocks || total + length > LIMITS.messageBlockTextTotal) break;
    total += length;
    count += 1;
  }
  while (count > 1 && blockKitViolations('message', { ...auditMessage(events.slice(0, count)) }).length > 0) count -= 1;
  return Math.max(1, count);
}
