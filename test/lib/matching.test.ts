import { describe, expect, it } from 'vitest';
import { AmbiguousError, NotFoundError } from '../../src/lib/errors.js';
import { closeCandidates, matchOne, normalizeName } from '../../src/lib/matching.js';
import { thrownBy } from '../helpers/thrown.js';

interface Item {
  id: string;
  name: string;
}

const ITEMS: Item[] = [
  { id: 'id-1', name: 'Website Manager' },
  { id: 'id-2', name: 'Website Designer' },
  { id: 'id-3', name: 'Billing Manager' },
  { id: 'id-4', name: 'Co-Owner' },
];

const options = { kind: 'role', id: (item: Item) => item.id, name: (item: Item) => item.name };

describe('matchOne', () => {
  it('finds an item by exact ID', () => {
    expect(matchOne(ITEMS, 'id-3', options).name).toBe('Billing Manager');
  });

  it('finds an item by ID in another case', () => {
    expect(matchOne(ITEMS, 'ID-3', options).name).toBe('Billing Manager');
  });

  it('finds an item by name case-insensitively', () => {
    expect(matchOne(ITEMS, '  website   MANAGER ', options).id).toBe('id-1');
  });

  it('prefers an ID over a name', () => {
    const items = [...ITEMS, { id: 'id-5', name: 'id-1' }];

    expect(matchOne(items, 'id-1', options).name).toBe('Website Manager');
  });

  it('throws NotFoundError with close names for a typo', () => {
    const thrown = thrownBy(() => matchOne(ITEMS, 'Website Manger', options));

    expect(thrown).toBeInstanceOf(NotFoundError);
    expect((thrown as NotFoundError).candidates).toEqual(['Website Manager (id-1)']);
  });

  it('throws NotFoundError with no candidates when nothing is close', () => {
    const thrown = thrownBy(() => matchOne(ITEMS, 'Astronaut', options));

    expect(thrown).toBeInstanceOf(NotFoundError);
    expect((thrown as NotFoundError).candidates).toEqual([]);
    expect((thrown as NotFoundError).userMessage).toContain('exact role name or ID');
  });

  it('throws AmbiguousError listing every item with the name', () => {
    const items = [...ITEMS, { id: 'id-9', name: 'website manager' }];
    const thrown = thrownBy(() => matchOne(items, 'Website Manager', options));

    expect(thrown).toBeInstanceOf(AmbiguousError);
    expect((thrown as AmbiguousError).candidates).toEqual(['Website Manager (id-1)', 'website manager (id-9)']);
  });
});

describe('closeCandidates', () => {
  it('lists substring matches before edit-distance matches', () => {
    expect(closeCandidates(ITEMS, 'manager', options)).toEqual(['Billing Manager (id-3)', 'Website Manager (id-1)']);
  });

  it('caps the list', () => {
    const items = Array.from({ length: 20 }, (_, i) => ({ id: `x${i}`, name: `Shop ${i}` }));

    expect(closeCandidates(items, 'shop', { ...options, maxCandidates: 3 })).toHaveLength(3);
  });

  it('returns nothing for an empty query', () => {
    expect(closeCandidates(ITEMS, '  ', options)).toEqual([]);
  });
});

describe('normalizeName', () => {
  it('collapses whitespace and lowercases', () => {
    expect(normalizeName('  A\t B  ')).toBe('a b');
  });
});
