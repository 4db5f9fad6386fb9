import type { KnownBlock } from '@slack/types';
import { escapeMrkdwn, inertMarks, slackDate } from '../lib/mrkdwn.js';

/**
 * Escaped one-line text of at most `max` characters after escaping, for Wix names, emails and
 * statuses inside mrkdwn. Newlines collapse to spaces and `*`, `~`, backticks and word-edge `_`
 * become look-alikes (see `escapeInline`), so a value cannot start a line or formatting of its own.
 * The cut is made before escaping, so no entity is split, and it is marked with "…".
 */
export function safe(text: string, max: number): string {
  const plain = inertMarks(text);
  const escaped = escapeMrkdwn(plain);
  if (escaped.length <= max) return escaped;
  let result = '';
  for (const char of plain) {
    const next = escapeMrkdwn(char);
    if (result.length + next.length > max - 1) break;
    result += next;
  }
  return `${result}…`;
}

/** Formats a Wix date in the viewer's time zone, or returns "unknown" for a missing or invalid date. */
export function wixDate(iso: string | null | undefined): string {
  if (!iso) return 'unknown';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? 'unknown' : slackDate(date, '{date_short}');
}

/** Longest URL made into a link; longer ones are shown as their label, to keep messages small. */
export const MAX_LINK_URL = 300;

/**
 * Builds a mrkdwn link. Only plain http(s) URLs without spaces, `<`, `>` or `|` become links,
 * because those characters would end Slack's link syntax early. Other URLs give the escaped label.
 */
export function link(url: string | null | undefined, label: string, maxLabel = 100): string {
  const text = safe(label, maxLabel);
  if (!url || url.length > MAX_LINK_URL || !/^https?:\/\/[^\s<>|]+$/.test(url)) return text;
  return `<${url}|${text}>`;
}

/** Returns the URL of the site's page in the Wix dashboard. */
export function dashboardUrl(siteId: string): string {
  return `https://manage.wix.com/dashboard/${encodeURIComponent(siteId)}`;
}

/** "1 site", "2 sites". */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`;
}

/** Characters per section text that packed lines stay under (Slack allows 3,000). */
export const SECTION_TEXT_BUDGET = 2_900;

/** Puts lines into as few mrkdwn sections as fit SECTION_TEXT_BUDGET each; every line must fit. */
export function sectionsOf(lines: string[]): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let current = '';
  for (const line of lines) {
    if (current && current.length + line.length + 1 > SECTION_TEXT_BUDGET) {
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: current } });
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: current } });
  return blocks;
}
