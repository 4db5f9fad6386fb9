import { z } from 'zod';

const sinceSchema = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/**
 * Parses a `--since` value (an ISO date such as 2026-12-01, read as midnight UTC, or an ISO date
 * and time with Z or an offset) into the ISO UTC form the store compares with. Returns null when
 * the value is not such a date.
 */
export function parseSince(value: string): string | null {
  const parsed = sinceSchema.safeParse(value.trim());
  if (!parsed.success) return null;
  const date = new Date(parsed.data.length === 10 ? `${parsed.data}T00:00:00Z` : parsed.data);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}
