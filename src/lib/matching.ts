import { distance } from 'fastest-levenshtein';
import { AmbiguousError, NotFoundError } from './errors.js';

/** Options for matching a list of Wix objects against what a user typed. */
export interface MatchOptions<T> {
  /** Singular noun for messages, such as "role" or "site". */
  kind: string;
  id: (item: T) => string;
  name: (item: T) => string;
  /** Maximum number of close candidates listed in an error. */
  maxCandidates?: number;
}

/** Lowercases and collapses whitespace, so "Website  manager" matches "Website Manager". */
export function normalizeName(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * Finds the one item whose ID equals `query`, or else whose name equals it case-insensitively.
 * Throws NotFoundError listing close names when nothing matches, and AmbiguousError listing
 * every match when several items share the name.
 */
export function matchOne<T>(items: readonly T[], query: string, options: MatchOptions<T>): T {
  const trimmed = query.trim();
  const byId = items.find((item) => options.id(item) === trimmed) ?? items.find((item) => options.id(item).toLowerCase() === trimmed.toLowerCase());
  if (byId !== undefined) return byId;

  const needle = normalizeName(trimmed);
  const byName = items.filter((item) => normalizeName(options.name(item)) === needle);
  const [only] = byName;
  if (byName.length === 1 && only !== undefined) return only;
  if (byName.length > 1) {
    throw new AmbiguousError(
      `${byName.length} ${options.kind}s are named "${trimmed}". Give the ID of the one you mean.`,
      byName.map((item) => describeItem(item, options)),
    );
  }

  const candidates = closeCandidates(items, trimmed, options);
  const hint = candidates.length > 0 ? '' : ` Run the command again with the exact ${options.kind} name or ID.`;
  throw new NotFoundError(`No ${options.kind} is named "${trimmed}" or has that ID.${hint}`, candidates);
}

/**
 * Names that contain the query, are contained in it, or are a few edits away from it, closest
 * first. A typo of up to a third of the query's length still finds the intended name.
 */
export function closeCandidates<T>(items: readonly T[], query: string, options: MatchOptions<T>): string[] {
  const needle = normalizeName(query);
  if (needle === '') return [];
  const maxEdits = Math.max(2, Math.floor(needle.length / 3));
  const scored: Array<{ item: T; score: number }> = [];
  for (const item of items) {
    const name = normalizeName(options.name(item));
    if (name === '') continue;
    if (name.includes(needle) || needle.includes(name)) {
      scored.push({ item, score: 0 });
      continue;
    }
    const edits = distance(name, needle);
    if (edits <= maxEdits) scored.push({ item, score: edits });
  }
  scored.sort((a, b) => a.score - b.score || options.name(a.item).localeCompare(options.name(b.item)));
  return scored.slice(0, options.maxCandidates ?? 5).map(({ item }) => describeItem(item, options));
}

function describeItem<T>(item: T, options: MatchOptions<T>): string {
  const name = options.name(item);
  const id = options.id(item);
  return name === id ? id : `${name} (${id})`;
}
