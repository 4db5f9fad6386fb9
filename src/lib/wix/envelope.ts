import { z } from 'zod';
import { WixApiError, type WixFieldViolation } from '../errors.js';

/** Wix's error body: `{ message, details: { applicationError | validationError } }`. Extra fields are tolerated. */
export const wixErrorEnvelopeSchema = z.looseObject({
  message: z.string().optional(),
  details: z
    .looseObject({
      applicationError: z
        .looseObject({
          code: z.union([z.string(), z.number()]).transform(String).optional(),
          description: z.string().optional(),
        })
        .optional(),
      validationError: z
        .looseObject({
          fieldViolations: z
            .array(
              z.looseObject({
                field: z.string().default(''),
                description: z.string().default(''),
                violatedRule: z.string().optional(),
              }),
            )
            .default([]),
        })
        .optional(),
    })
    .optional(),
});

/** Builds a WixApiError from a non-2xx response body, with a user message that says what to do next. */
export function toWixApiError(endpoint: string, status: number, requestId: string | null, body: unknown, retryAfterMs?: number): WixApiError {
  const parsed = wixErrorEnvelopeSchema.safeParse(body);
  const envelope = parsed.success ? parsed.data : {};
  const applicationCode = envelope.details?.applicationError?.code;
  const description = envelope.details?.applicationError?.description || envelope.message || undefined;
  const fieldViolations: WixFieldViolation[] = envelope.details?.validationError?.fieldViolations ?? [];

  const summary = [applicationCode, description].filter(Boolean).join(': ');
  const message = `Wix ${endpoint} failed with HTTP ${status}${summary ? ` (${summary})` : ''}, x-wix-request-id ${requestId ?? 'none'}`;
  return new WixApiError(
    message,
    { endpoint, status, requestId, applicationCode, description, fieldViolations, retryAfterMs },
    userMessageFor(endpoint, status, description, fieldViolations, requestId),
  );
}

/** Builds the user message; errors that are not about the request itself name the Wix operation, such as "Search Team". */
function userMessageFor(endpoint: string, status: number, description: string | undefined, violations: WixFieldViolation[], requestId: string | null): string {
  const suffix = requestId ? ` (Wix request id ${requestId})` : '';
  if (status === 401) return `Wix rejected the bot's API key in ${endpoint}. An owner must check WIX_API_KEY and WIX_ACCOUNT_ID${suffix}.`;
  if (status === 403) return `The bot's Wix API key lacks the permission for this action (${endpoint}). An owner must add it in the Wix API Keys Manager${suffix}.`;
  if (status === 404) return `Wix could not find that object${suffix}.`;
  if (status === 429) return `Wix is rate-limiting the bot in ${endpoint}. Try again in a minute${suffix}.`;
  if (status >= 500) return `Wix had an internal error (${status}) in ${endpoint}. Try again in a few minutes${suffix}.`;
  if (violations.length > 0) {
    const list = violations.map((v) => `${v.field}: ${v.description}`).join('; ');
    return `Wix rejected the request: ${list}${suffix}.`;
  }
  return `Wix rejected the request${description ? `: ${description}` : ''}${suffix}.`;
}
