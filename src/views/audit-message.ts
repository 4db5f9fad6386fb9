import type { KnownBlock } from '@slack/types';
import type { AuditEvent } from '../lib/audit/event.js';
import { code, escapeMrkdwn, mentionUser, slackDate, truncate } from '../lib/mrkdwn.js';

export interface AuditMessage {
  text: string;
  blocks: KnownBlock[];
}

/** First characters of the event hash shown in Slack, enough to compare a message with the store. */
export function shortHash(hash: string): string {
  return hash.slice(0, 12);
}

function actorText(event: AuditEvent): string {
  return event.actor.kind === 'user' ? `${mentionUser(event.actor.userId)} (${code(event.actor.teamId)})` : 'wix-team-bot';
}

function targetText(event: AuditEvent): string {
  if (event.targets.length === 0) return '';
  const shown = event.targets.slice(0, 10).map((t) => (t.name ? `${escapeMrkdwn(t.name)} ${code(t.id)}` : code(t.id)));
  const more = event.targets.length > 10 ? ` and ${event.targets.length - 10} more` : '';
  return shown.join(', ') + more;
}

function detailText(event: AuditEvent): string {
  return Object.entries(event.details)
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .map(([key, value]) => `${escapeMrkdwn(key)}: ${escapeMrkdwn(typeof value === 'string' ? value : JSON.stringify(value))}`)
    .join('\n');
}

/** One event as mrkdwn lines: header, targets, details and the ids that prove it. */
export function auditEventText(event: AuditEvent, maxLength = 2900): string {
  const lines = [
    `*${escapeMrkdwn(event.action)}* · ${escapeMrkdwn(event.outcome)} · ${actorText(event)}`,
    targetText(event) && `on ${targetText(event)}`,
    detailText(event),
    [
      slackDate(new Date(event.occurredAt)),
      event.occurredAt,
      event.approvalId ? `request ${code(event.approvalId)}` : '',
      event.wixRequestId ? `Wix request ${code(event.wixRequestId)}` : '',
      `#${event.seq}`,
      `event ${code(event.eventId)}`,
      `hash ${code(shortHash(event.hash))}`,
    ]
      .filter(Boolean)
      .join(' · '),
  ].filter(Boolean);
  return truncate(lines.join('\n'), maxLength);
}

/** A message for one or more events, oldest first; one section block per event. */
export function auditMessage(events: AuditEvent[]): AuditMessage {
  const first = events[0];
  const text =
    events.length === 1 && first
      ? truncate(`Audit: ${first.action} ${first.outcome} (#${first.seq})`, 3000)
      : `Audit: ${events.length} events (#${first?.seq ?? 0}–#${events.at(-1)?.seq ?? 0})`;
  return {
    text,
    blocks: events.map((event) => ({ type: 'section', text: { type: 'mrkdwn', text: auditEventText(event) } })),
  };
}
