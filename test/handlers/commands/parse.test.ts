import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/lib/errors.js';
import { parseArgs, tokenize } from '../../../src/handlers/commands/parse.js';

describe('tokenize', () => {
  it.each<[string, string, string[]]>([
    ['plain words', 'invite jane@example.com', ['invite', 'jane@example.com']],
    ['runs of spaces and tabs', '  team \t  list  ', ['team', 'list']],
    ['an empty text', '', []],
    ['straight double quotes', 'role jane "Website Manager"', ['role', 'jane', 'Website Manager']],
    ['straight single quotes', "role jane 'Website Manager'", ['role', 'jane', 'Website Manager']],
    ['typographic double quotes', 'role jane “Website Manager”', ['role', 'jane', 'Website Manager']],
    ['typographic single quotes', 'role jane ‘Website Manager’', ['role', 'jane', 'Website Manager']],
    ['guillemets', 'role jane «Website Manager»', ['role', 'jane', 'Website Manager']],
    ['a quoted value after =', '--role="Website Manager"', ['--role=Website Manager']],
    ['a typographic quoted value after =', '--role=“Website Manager”', ['--role=Website Manager']],
    ['an empty quoted value', 'sites ""', ['sites', '']],
    ['an apostrophe inside a word', "whois O'Brien", ['whois', "O'Brien"]],
    ['another quote kind inside quotes', '"Jane\'s site"', ["Jane's site"]],
    ['a mailto link with label', 'invite <mailto:jane@example.com|jane@example.com>', ['invite', 'jane@example.com']],
    ['a mailto link without label', 'invite <mailto:jane@example.com>', ['invite', 'jane@example.com']],
    ['a web link with label', 'sites <https://shop.example.com|shop.example.com>', ['sites', 'shop.example.com']],
    ['a web link without label', 'sites <https://shop.example.com/path>', ['sites', 'https://shop.example.com/path']],
    ['several links', '<mailto:a@x.co|a@x.co> <mailto:b@x.co|b@x.co>', ['a@x.co', 'b@x.co']],
    ['an ampersand entity', 'sites "Tom &amp; Jerry"', ['sites', 'Tom & Jerry']],
    ['angle bracket entities', 'sites &lt;draft&gt;', ['sites', '<draft>']],
    ['an escaped entity kept literal', 'sites &amp;lt;', ['sites', '&lt;']],
  ])('splits %s', (_name, text, words) => {
    expect(tokenize(text)).toEqual(words);
  });

  it.each(['role jane "Website Manager', 'role jane “Website Manager', "role 'x"])('rejects an unclosed quote in %s', (text) => {
    expect(() => tokenize(text)).toThrow(UsageError);
    expect(() => tokenize(text)).toThrow('A quote is not closed.');
  });
});

describe('parseArgs', () => {
  const usage = 'invite EMAIL [--role ROLE] [--sites SITES] [--dry-run]';
  const parse = (text: string) => parseArgs(tokenize(text), ['role', 'sites'], usage, ['dry-run']);

  it.each<[string, string, string[], Record<string, string | true>]>([
    ['positionals only', 'a@x.co b@x.co', ['a@x.co', 'b@x.co'], {}],
    ['a flag with a separate value', 'a@x.co --role Manager', ['a@x.co'], { role: 'Manager' }],
    ['a flag with =value', 'a@x.co --role=Manager', ['a@x.co'], { role: 'Manager' }],
    ['a quoted flag value', 'a@x.co --role "Website Manager"', ['a@x.co'], { role: 'Website Manager' }],
    ['a quoted =value', 'a@x.co --role="Website Manager"', ['a@x.co'], { role: 'Website Manager' }],
    ['a value containing =', '--sites=a=b', [], { sites: 'a=b' }],
    ['a boolean flag', 'a@x.co --dry-run', ['a@x.co'], { 'dry-run': true }],
    ['an upper-case flag name', 'a@x.co --ROLE Manager', ['a@x.co'], { role: 'Manager' }],
    ['an em dash for --', 'a@x.co —role Manager', ['a@x.co'], { role: 'Manager' }],
    ['an en dash for --', 'a@x.co –role Manager', ['a@x.co'], { role: 'Manager' }],
    ['a lone -- as a positional', 'a@x.co --', ['a@x.co', '--'], {}],
    ['flags before positionals', '--role Manager a@x.co', ['a@x.co'], { role: 'Manager' }],
  ])('reads %s', (_name, text, positionals, flags) => {
    expect(parse(text)).toEqual({ positionals, flags });
  });

  it.each<[string, string, string]>([
    ['an unknown flag', 'a@x.co --color red', 'Unknown option --color.'],
    ['a missing value at the end', 'a@x.co --role', 'Option --role needs a value.'],
    ['a flag where the value should be', 'a@x.co --role --sites x', 'Option --role needs a value.'],
    ['an empty =value', 'a@x.co --role=', 'Option --role needs a value.'],
    ['a repeated flag', '--role A --role B', 'Option --role is given twice.'],
  ])('rejects %s', (_name, text, message) => {
    const attempt = () => parse(text);

    expect(attempt).toThrow(UsageError);
    expect(attempt).toThrow(message);
  });

  it('carries the usage in the error', () => {
    expect(() => parse('--color red')).toThrow(expect.objectContaining({ code: 'usage', usage }));
  });
});
