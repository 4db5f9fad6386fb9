import type { IncomingMessage, ServerResponse } from 'node:http';

const MAX_BODY_BYTES = 5_000_000;

export async function readRaw(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new RangeError(`request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}

/**
 * Parses a Web API request body as Slack does: form fields (with JSON in fields such as `blocks`
 * and `view`) or a JSON object.
 */
export function parseArguments(raw: string, contentType: string | undefined): Record<string, unknown> {
  if ((contentType ?? '').includes('application/json')) {
    const parsed = raw.trim() === '' ? {} : (JSON.parse(raw) as unknown);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  }
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) args[key] = value;
  return args;
}

/** Reads a field that Slack accepts either as JSON text (form bodies) or as a value (JSON bodies). */
export function jsonField<T>(value: unknown): T | undefined {
  if (typeof value !== 'string') return value as T | undefined;
  try {
    return JSON.parse(value) as T;
  } catch {
    return undefined;
  }
}

/**
 * Returns the file bytes of an upload to a files.getUploadURLExternal URL. Slack takes the raw
 * bytes or a multipart/form-data body; @slack/web-api 8 sends the multipart form, whose file is
 * the part with a filename (or the first part).
 */
export function uploadedBytes(raw: Buffer, contentType: string | undefined): Buffer {
  const boundary = /multipart\/form-data;.*boundary="?([^";]+)"?/i.exec(contentType ?? '')?.[1];
  if (!boundary) return raw;
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Buffer[] = [];
  let start = raw.indexOf(delimiter);
  while (start >= 0) {
    const next = raw.indexOf(delimiter, start + delimiter.length);
    if (next < 0) break;
    parts.push(raw.subarray(start + delimiter.length, next));
    start = next;
  }
  const bodies = parts.map((part) => {
    const headerEnd = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, headerEnd).toString('utf8');
    // Each part body ends with the CRLF that precedes the next delimiter.
    return { headers, body: part.subarray(headerEnd + 4, part.length - 2) };
  });
  return (bodies.find((part) => /filename=/i.test(part.headers)) ?? bodies[0])?.body ?? Buffer.alloc(0);
}
