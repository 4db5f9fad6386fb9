import { describe, expect, it } from 'vitest';
import { dashboardUrl, link, safe, sectionsOf } from '../../src/views/format.js';

describe('safe', () => {
  it('escapes control characters', () => {
    expect(safe('<!channel> & <@U1>', 100)).toBe('&lt;!channel&gt; &amp; &lt;@U1&gt;');
  });

  it('counts the escaped length', () => {
    const result = safe('<'.repeat(500), 100);

    expect(result.length).toBeLessThanOrEqual(100);
    expect(result.endsWith('&lt;…')).toBe(true);
  });

  it('keeps a name on one line', () => {
    expect(safe('Eve\nRoles: Co-Owner', 100)).toBe('Eve Roles: Co-Owner');
  });

  it('neutralises formatting marks', () => {
    expect(safe('*Boss* _x_ ~s~ `c`', 100)).toBe('\u2217Boss\u2217 \uff3fx\uff3f \u223cs\u223c \u02cbc\u02cb');
  });

  it('never splits an entity', () => {
    expect(safe(`ab${'&'.repeat(10)}`, 8)).toBe('ab&amp;…');
  });
});

describe('link', () => {
  it('links a plain https URL', () => {
    expect(link('https://example.com/a', 'Shop <1>')).toBe('<https://example.com/a|Shop &lt;1&gt;>');
  });

  it.each([
    ['javascript:alert(1)'],
    ['https://example.com/a|fake'],
    ['https://example.com/<!channel>'],
    ['https://example.com/ a'],
    [`https://example.com/${'a'.repeat(400)}`],
  ])('shows %s as text', (url) => {
    expect(link(url, 'label')).toBe('label');
  });

  it('encodes site IDs in dashboard URLs', () => {
    expect(dashboardUrl('a/b?c')).toBe('https://manage.wix.com/dashboard/a%2Fb%3Fc');
  });
});

describe('sectionsOf', () => {
  it('splits lines under 3,000 characters per section', () => {
    const blocks = sectionsOf(Array.from({ length: 30 }, () => 'x'.repeat(250)));

    expect(blocks.length).toBe(3);
    for (const block of blocks) expect(JSON.stringify(block).length).toBeLessThan(3_100);
  });
});
