import type { AuditEvent, AuditTarget } from '../lib/audit/event.js';
import { code, escapeMrkdwn, mentionUser, slackDate, truncate } from '../lib/mrkdwn.js';

/** Characters of the event hash shown in Slack, enough to compare a message with the store. */
export const SHORT_HASH_LENGTH = 12;

export function shortHash(hash: string): string {
  return hash.slice(0, SHORT_HASH_LENGTH);
}

/** Renders the actor as a mention plus team ID, or the bot itself for system events. */
export function actorText(event: AuditEvent): string {
  if (event.actor.kind === 'system') return 'the bot';
  return `${mentionUser(event.actor.userId)} (team ${code(truncate(event.actor.teamId, 40))})`;
}

/** Renders a target as its escaped name and ID, cut so that one target stays short. */
export function targetText(target: AuditTarget): string {
  const id = code(truncate(target.id, 80));
  const type = escapeMrkdwn(truncate(String(target.type), 20));
  return target.name ? `${escapeMrkdwn(truncate(target.name, 120))} ${id} (${type})` : `${id} (${type})`;
}

/** Renders Slack's date token for an ISO time, or the escaped text when the time is invalid. */
export function dateToken(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? escapeMrkdwn(truncate(iso, 40)) : slackDate(date);
}

/** Renders the exact UTC time plus Slack's date token, which shows the time in the reader's own zone. */
export function timeText(event: AuditEvent): string {
  const date = new Date(event.occurredAt);
  if (Number.isNaN(date.getTime())) return escapeMrkdwn(truncate(event.occurredAt, 40));
  return `${slackDate(date, '{date_short_pretty} {time_secs}')} · ${date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}`;
}

/** Renders a detail value as one escaped line: strings as they are, everything else as JSON. */
export function detailValue(value: unknown, max: number): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return escapeMrkdwn(truncate(text.replace(/\s*\n\s*/g, ' '), max));
}

/**
 * Cuts escaped mrkdwn to at most `max` characters. The cut never leaves half of an HTML entity
 * (`&amp;`), a mention or date token (`<…>`) or an inline code span, because Slack would show
 * those as garbage or read them as the start of markup.
 */
export function truncateMrkdwn(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  cut = cut.replace(/&[a-z]*$/, '');
  const open = cut.lastIndexOf('<');
  if (open > cut.lastIndexOf('>')) cut = cut.slice(0, open);
  const lastLine = cut.slice(cut.lastIndexOf('\n') + 1);
  if ((lastLine.match(/`/g)?.length ?? 0) % 2 === 1) cut = cut.slice(0, cut.lastIndexOf('`'));
  return cut + '…';
}
