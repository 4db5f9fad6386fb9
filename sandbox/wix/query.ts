import { validationError } from './errors.js';
import type { Site } from './model.js';

/**
 * Query Sites' filter, sort and cursor. The cursor carries the filter, sort and offset, so
 * follow-up pages send only `cursorPaging.cursor`, as Wix documents.
 */

export interface SiteQuery {
  filter: Record<string, unknown>;
  sort: Array<{ fieldName: string; order: 'ASC' | 'DESC' }>;
  offset: number;
}

/** Query Sites and Count Sites return at most this many sites in total. */
export const MAX_SITES_RETRIEVABLE = 1000;
export const MAX_PAGE_LIMIT = 100;

const SORTABLE = new Set(['createdDate', 'updatedDate', 'displayName', 'trashedDate']);
const FILTERABLE = new Set(['id', 'folderId', 'editorType', 'premium', 'published', 'namespace', 'name', 'searchPhrase', 'state', 'domainConnected', 'appIds']);

export function encodeCursor(query: SiteQuery): string {
  return Buffer.from(JSON.stringify(query)).toString('base64url');
}

export function decodeCursor(cursor: string): SiteQuery {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as SiteQuery;
    if (typeof parsed.offset !== 'number' || typeof parsed.filter !== 'object' || !Array.isArray(parsed.sort)) throw new TypeError('cursor fields');
    return parsed;
  } catch {
    throw validationError([{ field: 'query.cursorPaging.cursor', description: 'is not a cursor returned by this API', violatedRule: 'FORMAT' }]);
  }
}

/** Checks a filter's field names so that a typo fails loudly instead of matching everything. */
export function checkFilter(filter: Record<string, unknown>, at: string, unsupported: string[] = []): void {
  for (const key of Object.keys(filter)) {
    if (key === '$and' || key === '$or') {
      const parts = filter[key];
      if (!Array.isArray(parts)) throw validationError([{ field: `${at}.${key}`, description: 'must be an array of filters', violatedRule: 'FORMAT' }]);
      parts.forEach((part, index) => checkFilter(part as Record<string, unknown>, `${at}.${key}[${index}]`, unsupported));
    } else if (!FILTERABLE.has(key) || unsupported.includes(key)) {
      throw validationError([{ field: `${at}.${key}`, description: `filtering by ${key} is not supported`, violatedRule: 'CUSTOM' }]);
    }
  }
}

export function checkSort(sort: unknown): SiteQuery['sort'] {
  if (sort === undefined) return [{ fieldName: 'createdDate', order: 'DESC' }];
  if (!Array.isArray(sort)) throw validationError([{ field: 'query.sort', description: 'must be an array', violatedRule: 'FORMAT' }]);
  return sort.map((item: { fieldName?: unknown; order?: unknown }, index) => {
    if (typeof item.fieldName !== 'string' || !SORTABLE.has(item.fieldName)) {
      throw validationError([{ field: `query.sort[${index}].fieldName`, description: `must be one of ${[...SORTABLE].join(', ')}`, violatedRule: 'CUSTOM' }]);
    }
    const order = item.order ?? 'ASC';
    if (order !== 'ASC' && order !== 'DESC') throw validationError([{ field: `query.sort[${index}].order`, description: 'must be ASC or DESC', violatedRule: 'FORMAT' }]);
    return { fieldName: item.fieldName, order };
  });
}

function matchesCondition(actual: unknown, condition: unknown): boolean {
  if (condition === null || typeof condition !== 'object' || Array.isArray(condition)) return actual === condition;
  return Object.entries(condition).every(([operator, operand]) => {
    switch (operator) {
      case '$eq':
        return actual === operand;
      case '$ne':
        return actual !== operand;
      case '$in':
        return Array.isArray(operand) && operand.includes(actual);
      case '$exists':
        return (actual !== null && actual !== undefined) === operand;
      case '$hasSome':
        return Array.isArray(actual) && Array.isArray(operand) && operand.some((item) => actual.includes(item));
      case '$hasAll':
        return Array.isArray(actual) && Array.isArray(operand) && operand.every((item) => actual.includes(item));
      default:
        return false;
    }
  });
}

/** Whether a site matches a filter. `name` and `searchPhrase` search name, display name and domains. */
export function siteMatches(site: Site, filter: Record<string, unknown>, domainsOf: (siteId: string) => string[]): boolean {
  return Object.entries(filter).every(([key, condition]) => {
    if (key === '$and') return (condition as Record<string, unknown>[]).every((part) => siteMatches(site, part, domainsOf));
    if (key === '$or') return (condition as Record<string, unknown>[]).some((part) => siteMatches(site, part, domainsOf));
    if (key === 'name' || key === 'searchPhrase') {
      const phrase = String(typeof condition === 'object' && condition !== null ? ((condition as { $eq?: unknown }).$eq ?? '') : condition).toLowerCase();
      return [site.name, site.displayName, ...domainsOf(site.id)].some((text) => text.toLowerCase().includes(phrase));
    }
    if (key === 'appIds') return matchesCondition([], condition);
    return matchesCondition(site[key as keyof Site], condition);
  });
}

/** Without a namespace condition, only WIX sites are listed: headless ones need an explicit filter. */
export function withDefaultNamespace(filter: Record<string, unknown>): Record<string, unknown> {
  return 'namespace' in filter ? filter : { ...filter, namespace: 'WIX' };
}

export function sortSites(sites: Site[], sort: SiteQuery['sort']): Site[] {
  return [...sites].sort((a, b) => {
    for (const { fieldName, order } of sort) {
      const left = String(a[fieldName as keyof Site] ?? '');
      const right = String(b[fieldName as keyof Site] ?? '');
      const compared = left.localeCompare(right);
      if (compared !== 0) return order === 'ASC' ? compared : -compared;
    }
    return a.id.localeCompare(b.id);
  });
}
