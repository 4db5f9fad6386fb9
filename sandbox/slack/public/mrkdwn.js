// Renders Slack mrkdwn into DOM nodes. Text always goes into text nodes, never into innerHTML, so
// escaped user text (&lt;, &gt;, &amp;) shows as the characters it stands for and nothing in it
// becomes markup, a mention or a link.

const EMOJI = {
  white_check_mark: '✅', heavy_check_mark: '✔️', x: '❌', warning: '⚠️', hourglass: '⌛', hourglass_flowing_sand: '⏳',
  lock: '🔒', key: '🔑', no_entry: '⛔', no_entry_sign: '🚫', bust_in_silhouette: '👤', busts_in_silhouette: '👥',
  globe_with_meridians: '🌐', link: '🔗', email: '✉️', envelope: '✉️', incoming_envelope: '📨', inbox_tray: '📥',
  outbox_tray: '📤', page_facing_up: '📄', scroll: '📜', clipboard: '📋', mag: '🔍', gear: '⚙️', rocket: '🚀',
  tada: '🎉', eyes: '👀', red_circle: '🔴', large_green_circle: '🟢', large_yellow_circle: '🟡', large_blue_circle: '🔵',
  arrow_right: '➡️', leftwards_arrow_with_hook: '↩️', information_source: 'ℹ️', bell: '🔔', crown: '👑', house: '🏠',
  calendar: '📅', hammer_and_wrench: '🛠️', shield: '🛡️', thumbsup: '👍', '+1': '👍', thumbsdown: '👎', question: '❓',
  exclamation: '❗', card_index_dividers: '🗂️', file_folder: '📁', open_file_folder: '📂', wastebasket: '🗑️',
  moneybag: '💰', credit_card: '💳', construction: '🚧', stopwatch: '⏱️', repeat: '🔁', ballot_box_with_check: '☑️',
  memo: '📝', pencil2: '✏️', truck: '🚚', package: '📦', office: '🏢', sparkles: '✨', zap: '⚡', hourglass_done: '⌛',
  heavy_minus_sign: '➖', heavy_plus_sign: '➕', grey_question: '❔', no_good: '🙅', raising_hand: '🙋', wave: '👋',
  label: '🏷️', bookmark_tabs: '📑', chart_with_upwards_trend: '📈', lock_with_ink_pen: '🔏', unlock: '🔓',
  arrows_counterclockwise: '🔄', white_circle: '⚪', black_circle: '⚫', small_blue_diamond: '🔹', small_orange_diamond: '🔸',
};

/** Decodes the three entities Slack uses for its control characters; &amp; last so "&amp;lt;" stays "&lt;". */
export function decodeEntities(text) {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function withEmoji(text) {
  return text.replace(/:([a-z0-9_+-]+):/g, (whole, name) => EMOJI[name] ?? whole);
}

function textNode(text) {
  return document.createTextNode(withEmoji(decodeEntities(text)));
}

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

const SAFE_LINK = /^(https?:|mailto:)/i;

function angleToken(inner, lookup) {
  const [target, label] = splitOnce(inner, '|');
  if (target.startsWith('@')) return el('span', 'mention', `@${lookup.user(target.slice(1)) ?? (label || target.slice(1))}`);
  if (target.startsWith('#')) return el('span', 'mention', `#${label || lookup.channel(target.slice(1)) || target.slice(1)}`);
  if (target.startsWith('!subteam^')) return el('span', 'mention', label || `@${lookup.group(target.slice(9)) ?? target.slice(9)}`);
  if (target === '!here' || target === '!channel' || target === '!everyone') return el('span', 'mention broadcast', `@${target.slice(1)}`);
  if (target.startsWith('!date^')) {
    const [, seconds] = target.split('^');
    const date = new Date(Number(seconds) * 1000);
    const shown = Number.isFinite(date.getTime()) ? date.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }) : decodeEntities(label ?? '');
    return el('span', 'date', shown);
  }
  const url = decodeEntities(target);
  if (!SAFE_LINK.test(url)) return textNode(`<${inner}>`);
  const link = el('a', 'link', withEmoji(decodeEntities(label || target)));
  link.href = url;
  link.target = '_blank';
  link.rel = 'noopener noreferrer';
  return link;
}

function splitOnce(text, separator) {
  const index = text.indexOf(separator);
  return index < 0 ? [text, undefined] : [text.slice(0, index), text.slice(index + 1)];
}

// Slack formats *bold*, _italic_ and ~strike~ only at word boundaries, so snake_case stays as it is.
const INLINE = [
  { kind: 'angle', re: /<([^<>\n]+)>/ },
  { kind: 'code', re: /`([^`\n]+)`/ },
  { kind: 'b', re: /(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])/ },
  { kind: 'i', re: /(?<![\w_])_(?!\s)([^_\n]+?)(?<!\s)_(?![\w_])/ },
  { kind: 's', re: /(?<![\w~])~(?!\s)([^~\n]+?)(?<!\s)~(?![\w~])/ },
];

function inline(text, parent, lookup) {
  let rest = text;
  while (rest.length > 0) {
    let best = null;
    for (const pattern of INLINE) {
      const match = pattern.re.exec(rest);
      if (match && (best === null || match.index < best.match.index)) best = { pattern, match };
    }
    if (!best) {
      parent.append(textNode(rest));
      return;
    }
    const { pattern, match } = best;
    if (match.index > 0) parent.append(textNode(rest.slice(0, match.index)));
    if (pattern.kind === 'angle') parent.append(angleToken(match[1], lookup));
    else if (pattern.kind === 'code') parent.append(el('code', 'inline-code', decodeEntities(match[1])));
    else {
      const node = el(pattern.kind);
      inline(match[1], node, lookup);
      parent.append(node);
    }
    rest = rest.slice(match.index + match[0].length);
  }
}

/** Renders mrkdwn text; `lookup` turns user, channel and group IDs into names. */
export function renderMrkdwn(text, lookup) {
  const fragment = document.createDocumentFragment();
  const parts = String(text ?? '').split(/```/);
  parts.forEach((part, index) => {
    if (index % 2 === 1) {
      fragment.append(el('pre', 'code-block', decodeEntities(part.replace(/^\n/, ''))));
      return;
    }
    const lines = part.split('\n');
    let quote = null;
    lines.forEach((line, lineIndex) => {
      if (line.startsWith('>')) {
        if (!quote) {
          quote = el('blockquote');
          fragment.append(quote);
        } else quote.append(document.createElement('br'));
        inline(line.replace(/^> ?/, ''), quote, lookup);
        return;
      }
      quote = null;
      inline(line, fragment, lookup);
      if (lineIndex < lines.length - 1) fragment.append(document.createElement('br'));
    });
  });
  return fragment;
}

/** Renders a text object: mrkdwn, or plain_text shown exactly as sent (emoji codes aside). */
export function renderTextObject(object, lookup) {
  if (!object) return document.createDocumentFragment();
  if (object.type === 'mrkdwn') return renderMrkdwn(object.text, lookup);
  return document.createTextNode(object.emoji === false ? object.text : withEmoji(object.text ?? ''));
}

export function plainText(object) {
  return object ? withEmoji(object.text ?? '') : '';
}
