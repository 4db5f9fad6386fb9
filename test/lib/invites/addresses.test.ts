import { describe, expect, it } from 'vitest';
import { InputError } from '../../../src/lib/errors.js';
import { checkAddresses, splitAddresses } from '../../../src/lib/invites/addresses.js';
import { thrownBy } from '../../helpers/thrown.js';

describe('splitAddresses', () => {
  it('splits on commas, semicolons, spaces and new lines', () => {
    expect(splitAddresses(['a@x.io, b@x.io;c@x.io\nd@x.io', ' e@x.io '])).toEqual(['a@x.io', 'b@x.io', 'c@x.io', 'd@x.io', 'e@x.io']);
  });

  it('drops empty entries', () => {
    expect(splitAddresses([',, ;', ''])).toEqual([]);
  });
});

describe('checkAddresses', () => {
  it('keeps valid addresses in order', () => {
    expect(checkAddresses(['a@example.com', 'b@example.org']).valid).toEqual(['a@example.com', 'b@example.org']);
  });

  it.each(['a&b@example.com', "o'brien@example.com", 'x+tag@example.com', 'a.b-c_d@sub.example.co.uk', "!#$%&'*+/=?^_`{|}~-@example.com"])('accepts %s', (entry) => {
    expect(checkAddresses([entry]).valid).toEqual([entry]);
  });

  it.each([
    'plainaddress',
    'a@',
    '@example.com',
    'a b@example.com',
    'a@example',
    `${'x'.repeat(250)}@example.com`,
    '.a@example.com',
    'a.@example.com',
    'a..b@example.com',
    '"quoted"@example.com',
    'a@-example.com',
    'a@example-.com',
    'a@example.c',
    'a@[127.0.0.1]',
    'a<b@example.com',
    'a@b@example.com',
  ])('rejects %s', (entry) => {
    const result = checkAddresses([entry]);

    expect(result.valid).toEqual([]);
    expect(result.invalid).toEqual([entry]);
  });

  it('folds repeats case-insensitively and keeps the first spelling', () => {
    const result = checkAddresses(['Ann@Example.com', 'ann@example.com', 'ANN@EXAMPLE.COM']);

    expect(result.valid).toEqual(['Ann@Example.com']);
    expect(result.duplicates).toEqual([
      { given: 'ann@example.com', keptAs: 'Ann@Example.com' },
      { given: 'ANN@EXAMPLE.COM', keptAs: 'Ann@Example.com' },
    ]);
  });

  it('folds repeated invalid entries too', () => {
    const result = checkAddresses(['nope', 'NOPE']);

    expect(result.invalid).toEqual(['nope']);
    expect(result.duplicates).toHaveLength(1);
  });

  it('accepts 50 different addresses', () => {
    const entries = Array.from({ length: 50 }, (_, i) => `p${i}@example.com`);

    expect(checkAddresses(entries).valid).toHaveLength(50);
  });

  it('accepts 50 addresses given twice each', () => {
    const entries = Array.from({ length: 100 }, (_, i) => `p${i % 50}@example.com`);

    expect(checkAddresses(entries).valid).toHaveLength(50);
  });

  it('rejects 51 different addresses', () => {
    const entries = Array.from({ length: 51 }, (_, i) => `p${i}@example.com`);

    expect(() => checkAddresses(entries)).toThrow(InputError);
    expect(() => checkAddresses(entries)).toThrow(/51 different addresses/);
  });

  it('counts invalid entries toward the limit of 50', () => {
    const entries = [...Array.from({ length: 50 }, (_, i) => `p${i}@example.com`), 'not-an-address'];

    expect(() => checkAddresses(entries)).toThrow(InputError);
  });

  it('rejects an empty list with a field error', () => {
    const thrown = thrownBy(() => checkAddresses([]));

    expect(thrown).toBeInstanceOf(InputError);
    expect((thrown as InputError).fields).toEqual({ emails: 'Enter at least one email address.' });
  });
});
