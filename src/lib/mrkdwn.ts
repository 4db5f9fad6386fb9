/**
 * Escapes text from users or Wix before it goes into Slack mrkdwn. Slack decodes only `&`, `<` and
 * `>`, so escaping those three stops `<!channel>`, `<@U…>` and `<https://x|y>` from being acted on.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Builds a user mention. The ID comes from a signed payload or our store, never from free text. */
export function mentionUser(userId: string): string {
  if (!/^[UW][A-Z0-9]+$/.test(userId)) return escapeMrkdwn(userId);
  return `<@${userId}>`;
}

/** Builds a user group mention, for approver lists. */
export function mentionUserGroup(groupId: string): string {
  if (!/^S[A-Z0-9]+$/.test(groupId)) return escapeMrkdwn(groupId);
  return `<!subteam^${groupId}>`;
}

/**
 * A date in the viewer's own time zone, with the UTC time as the fallback text for clients that
 * cannot render Slack's date token.
 */
export function slackDate(date: Date, format = '{date_short_pretty} {time}'): string {
  const seconds = Math.floor(date.getTime() / 1000);
  const fallback = `${date.toISOString().replace('T', ' ').slice(0, 16)} UTC`;
  return `<!date^${seconds}^${format}|${fallback}>`;
}

/** Inline code for IDs; backticks inside the value would end the span, so they are replaced. */
export function code(text: string): string {
  return '`' + escapeMrkdwn(text.replace(/`/g, "'")) + '`';
}

/** Shortens text to `max` characters, marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return text.slice(0, Math.max(0, max - 1)) + '…';
}

/** Look-alike characters that Slack does not read as formatting marks. */
const INERT_MARKS: Record<string, string> = { '*': '\u2217', '~': '\u223c', '`': '\u02cb', _: '\uff3f' };

/** Collapses every run of whitespace, newlines included, into one space and trims the ends. */
export function singleLine(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

/**
 * Makes a name, email or label safe to show inside one line of mrkdwn. The text is made one line,
 * so it cannot start a line of its own. `*`, `~` and backticks become look-alikes (∗ ∼ ˋ), so the
 * text cannot open or close bold, strike or code. An `_` at the edge of a word becomes ＿, because
 * only there can it open or close italics; an `_` inside a word, as in an email, stays. Last, `&`,
 * `<` and `>` are escaped.
 */
export function escapeInline(text: string): string {
  return escapeMrkdwn(inertMarks(text));
}

/**
 * The first step of `escapeInline` without the `&<>` escaping: one line, with `*`, `~`, backticks
 * and word-edge `_` replaced by look-alikes. Callers that cut the text to a length escape after the cut.
 */
export function inertMarks(text: string): string {
  return singleLine(text).replace(/[*~`]|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu, (mark) => INERT_MARKS[mark] ?? mark);
}
