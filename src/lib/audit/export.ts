import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import type { AuditEvent } from './event.js';

export const EXPORT_FORMATS = ['jsonl', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Columns of the CSV export, in order. JSON columns hold the same values as the JSONL export. */
export const CSV_COLUMNS = [
  'seq',
  'event_id',
  'occurred_at',
  'actor_team_id',
  'actor_user_id',
  'action',
  'outcome',
  'targets_json',
  'details_json',
  'approval_id',
  'wix_request_id',
  'prev_hash',
  'hash',
  'delivered_at',
  'delivery_ts',
] as const;

const ROWS_PER_CHUNK = 500;

/**
 * Serializes events as JSONL (one event object per line, every stored field, so the hash chain can
 * be checked from the file alone) or CSV (RFC 4180 quoting by csv-stringify, header row first).
 * Yields text chunks so a large log never sits in memory as one string.
 */
export function* exportChunks(events: Iterable<AuditEvent>, format: ExportFormat): Generator<string> {
  let batch: AuditEvent[] = [];
  let first = true;
  const flush = (): string => {
    const text = format === 'jsonl' ? batch.map((event) => JSON.stringify(event) + '\n').join('') : csvChunk(batch, first);
    batch = [];
    first = false;
    return text;
  };

  for (const event of events) {
    batch.push(event);
    if (batch.length >= ROWS_PER_CHUNK) yield flush();
  }
  // A CSV with no events still gets its header row.
  if (batch.length > 0 || (first && format === 'csv')) yield flush();
}

function csvChunk(events: AuditEvent[], header: boolean): string {
  const records = events.map((event) => ({
    seq: event.seq,
    event_id: event.eventId,
    occurred_at: event.occurredAt,
    actor_team_id: event.actor.kind === 'user' ? event.actor.teamId : '',
    actor_user_id: event.actor.kind === 'user' ? event.actor.userId : '',
    action: event.action,
    outcome: event.outcome,
    targets_json: JSON.stringify(event.targets),
    details_json: JSON.stringify(event.details),
    approval_id: event.approvalId ?? '',
    wix_request_id: event.wixRequestId ?? '',
    prev_hash: event.prevHash,
    hash: event.hash,
    delivered_at: event.deliveredAt ?? '',
    delivery_ts: event.deliveryTs ?? '',
  }));
  return stringify(records, { header, columns: [...CSV_COLUMNS] });
}

const actorSchema = z.discriminatedUnion('kind', [
  z.looseObject({ kind: z.literal('user'), teamId: z.string(), userId: z.string() }),
  z.object({ kind: z.literal('system') }),
]);

const targetSchema = z.looseObject({
  type: z.string(),
  id: z.string(),
  name: z.string().optional(),
});

/**
 * One line of a JSONL export. Strict about the shape so a damaged file fails loudly, but open
 * about target types and outcomes so an export from a newer bot still reads.
 */
export const exportedEventSchema = z.object({
  seq: z.number().int().positive(),
  eventId: z.string(),
  occurredAt: z.string(),
  actor: actorSchema,
  action: z.string(),
  targets: z.array(targetSchema),
  outcome: z.string(),
  details: z.record(z.string(), z.unknown()),
  approvalId: z.string().nullable(),
  wixRequestId: z.string().nullable(),
  prevHash: z.string(),
  hash: z.string(),
  deliveredAt: z.string().nullable(),
  deliveryTs: z.string().nullable(),
});

/** Reads the events of a JSONL export back; throws with the line number of the first bad line. */
export function* parseJsonlExport(lines: Iterable<string>): Generator<AuditEvent> {
  let lineNumber = 0;
  for (const line of lines) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      throw new Error(`line ${lineNumber} is not valid JSON: ${(error as Error).message}`);
    }
    const parsed = exportedEventSchema.safeParse(json);
    if (!parsed.success) {
      throw new Error(`line ${lineNumber} is not an audit event: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(line)'} ${issue.message}`).join('; ')}`);
    }
    yield parsed.data as AuditEvent;
  }
}

/**
 * Builds a whole export in memory for an upload to Slack, with the number of events in it.
 * NOTE: the file is held in memory at once (about 1 KB per event); very large logs should be
 * exported with `npm run audit -- export`, which streams.
 */
export function buildExport(events: Iterable<AuditEvent>, format: ExportFormat): { content: string; count: number } {
  let count = 0;
  const counted = (function* () {
    for (const event of events) {
      count += 1;
      yield event;
    }
  })();
  const content = [...exportChunks(counted, format)].join('');
  return { content, count };
}
