import type { KnownBlock } from '@slack/types';
import type { AuditPage, AuditPageState } from '../lib/audit/browse.js';
import type { AuditEvent } from '../lib/audit/event.js';
import type { AuditDeliveryStatus } from '../lib/audit/sender.js';
import { code, escapeMrkdwn, mentionUser, slackDate, truncate } from '../lib/mrkdwn.js';
import { actorText, dateToken, detailValue, shortHash, targetText, truncateMrkdwn } from './audit-text.js';
import { blockKitViolations, LIMITS } from './limits.js';
import type { SlackMessage } from './messages.js';

export const AUDIT_OLDER_ACTION = 'audit_page_older';
export const AUDIT_NEWER_ACTION = 'audit_page_newer';
export const AUDIT_PAGE_ACTIONS_BLOCK = 'audit_page_nav';

/** Characters of one listed event, so a page contains many short events rather than a few long ones. */
const MAX_LINE_LENGTH = 600;

/** Renders one event as a compact entry of `/wix audit`. */
export function auditListEntry(event: AuditEvent): string {
  const targets = event.targets.slice(0, 3).map(targetText).join(', ');
  const moreTargets = event.targets.length > 3 ? ` and ${event.targets.length - 3} more` : '';
  const reason = event.details.reason;
  const parts = [
    `*#${event.seq}* · ${dateToken(event.occurredAt)} · *${escapeMrkdwn(truncate(event.action, 100))}* · ${escapeMrkdwn(truncate(event.outcome, 40))} · by ${actorText(event)}`,
    targets ? `On: ${targets}${moreTargets}` : '',
    reason !== undefined && reason !== null && reason !== '' ? `Reason: ${detailValue(reason, 150)}` : '',
    event.approvalId ? `Approval request ${code(truncate(event.approvalId, 80))}` : '',
  ].filter(Boolean);
  const idLine = `Event ${code(truncate(event.eventId, 64))} · hash ${code(shortHash(event.hash))}`;
  return `${truncateMrkdwn(parts.join('\n'), MAX_LINE_LENGTH - idLine.length - 1)}\n${idLine}`;
}

function filterText(state: AuditPageState): string {
  const filters = [
    state.user ? `by ${mentionUser(state.user)}` : '',
    state.action ? `action ${code(state.action)}` : '',
    state.since ? `since ${slackDate(new Date(state.since))}` : '',
  ].filter(Boolean);
  return filters.length > 0 ? filters.join(', ') : 'all events';
}

/** Packs entries into section blocks of at most 3,000 characters each. */
function entrySections(entries: string[]): KnownBlock[] {
  const sections: string[] = [];
  let current = '';
  for (const entry of entries) {
    const joined = current ? `${current}\n\n${entry}` : entry;
    if (joined.length > LIMITS.sectionText && current) {
      sections.push(current);
      current = entry;
    } else {
      current = joined;
    }
  }
  if (current) sections.push(current);
  return sections.map((text) => ({ type: 'section', text: { type: 'mrkdwn', text } }));
}

/** Button values carry only the page state, which the click handler parses again. */
function navigation(page: AuditPage): KnownBlock[] {
  const oldest = page.events[page.events.length - 1];
  const newest = page.events[0];
  const base: AuditPageState = { n: page.state.n, ...(page.state.user ? { user: page.state.user } : {}), ...(page.state.action ? { action: page.state.action } : {}), ...(page.state.since ? { since: page.state.since } : {}) };
  const buttons = [];
  if (page.hasNewer && newest) buttons.push({ type: 'button' as const, action_id: AUDIT_NEWER_ACTION, text: { type: 'plain_text' as const, text: 'Newer' }, value: JSON.stringify({ ...base, after: newest.seq }) });
  if (page.hasOlder && oldest) buttons.push({ type: 'button' as const, action_id: AUDIT_OLDER_ACTION, text: { type: 'plain_text' as const, text: 'Older' }, value: JSON.stringify({ ...base, before: oldest.seq }) });
  return buttons.length > 0 ? [{ type: 'actions', block_id: AUDIT_PAGE_ACTIONS_BLOCK, elements: buttons }] : [];
}

/** Builds a page of `/wix audit`: a summary line, the events newest first, and Older/Newer buttons. */
export function auditListMessage(page: AuditPage): SlackMessage {
  const first = page.events[page.events.length - 1];
  const last = page.events[0];
  const summary =
    first && last
      ? `*Audit log* · ${filterText(page.state)} · ${page.events.length} event${page.events.length === 1 ? '' : 's'}, #${first.seq}–#${last.seq}, newest first`
      : `*Audit log* · ${filterText(page.state)} · no events match`;
  return {
    text: first && last ? `Audit log: events #${first.seq}–#${last.seq}` : 'Audit log: no events match',
    blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: summary }] }, ...entrySections(page.events.map(auditListEntry)), ...navigation(page)],
  };
}

/**
 * Counts how many of `events` fit one `/wix audit` page within Slack's message limits. Buttons are
 * counted as present, so adding them afterwards never breaks a limit.
 */
export function auditListFit(events: AuditEvent[], state: AuditPageState): number {
  let count = 0;
  for (let k = 1; k <= events.length; k++) {
    const page: AuditPage = { state, events: events.slice(0, k), hasOlder: true, hasNewer: true };
    if (blockKitViolations('message', { ...auditListMessage(page) }).length > 0) break;
    count = k;
  }
  return Math.max(1, count);
}

function ago(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  return `${Math.round(minutes / 60)} h`;
}

/** `/wix audit status`: undelivered count, oldest undelivered age, last delivery and last error. */
export function auditStatusMessage(status: AuditDeliveryStatus): SlackMessage {
  const lines = ['*Audit delivery*'];
  if (status.undelivered === 0) {
    lines.push('Undelivered: none. Every stored event is in the audit channel.');
  } else {
    const age = status.oldestUndeliveredAgeMs !== null ? `, oldest #${status.oldestUndeliveredSeq} stored ${ago(status.oldestUndeliveredAgeMs)} ago` : '';
    lines.push(`${status.behind ? ':warning: ' : ''}Undelivered: ${status.undelivered}${age}`);
  }
  lines.push(`Last delivery: ${status.lastDeliveredAt ? slackDate(new Date(status.lastDeliveredAt)) : 'never'}`);
  lines.push(status.lastError ? `Last error: ${slackDate(new Date(status.lastError.at))} · ${escapeMrkdwn(truncate(status.lastError.message, 500))}` : 'Last error: none since the bot started');
  if (status.nextAttemptAt) lines.push(`Next attempt: ${slackDate(new Date(status.nextAttemptAt), '{time_secs}')}`);
  lines.push(`Sender: ${status.state.replace('_', ' ')} · rate-limited ${status.rateLimitedCount} time${status.rateLimitedCount === 1 ? '' : 's'} since start`);
  const text = lines.join('\n');
  return { text: `Audit delivery: ${status.undelivered} undelivered`, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: truncate(text, LIMITS.sectionText) } }] };
}

/** Builds the reply after `/wix audit export` sent the file. */
export function auditExportSentMessage(input: { count: number; format: string; filename: string }): SlackMessage {
  const text = `Sent ${code(input.filename)} (${input.count} event${input.count === 1 ? '' : 's'}, ${escapeMrkdwn(input.format.toUpperCase())}) to your direct messages with the bot.`;
  return { text: `Audit export sent: ${input.count} events`, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}
