import { describe, expect, it } from 'vitest';
import { escapeInline, singleLine } from '../../src/lib/mrkdwn.js';

describe('escapeInline', () => {
  it('joins lines into one', () => {
    expect(escapeInline('Max\n*New role:*\r\n\tDesigner\u2028end')).not.toMatch(/[\n\r\t\u2028]/);
  });

  it('collapses whitespace runs and trims', () => {
    expect(singleLine('  a \n\n b  ')).toBe('a b');
  });

  it('makes formatting marks inert', () => {
    const text = escapeInline('*bold* ~strike~ `code` _italic_');

    expect(text).not.toMatch(/[*~`]/);
    expect(text).not.toMatch(/(^|\s)_|_($|\s)/);
  });

  it('keeps an underscore inside a word', () => {
    expect(escapeInline('first_last@example.com')).toBe('first_last@example.com');
  });

  it('escapes mentions and links', () => {
    expect(escapeInline('<!channel> & <https://x.example|y>')).toBe('&lt;!channel&gt; &amp; &lt;https://x.example|y&gt;');
  });
});
