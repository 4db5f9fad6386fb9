import { randomUUID } from 'node:crypto';
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { runWithRequestLogger } from '../lib/request-context.js';
import type { Logger } from 'pino';

/**
 * Binds a child logger for this request and puts it on `context.log`. It carries a fresh request
 * id, the surface (payload type), the command or callback id, team and user. Slack's trigger_id
 * or event_id is bound too when present, so a line can be matched with Slack's records. Only IDs
 * are bound, never payload text, because bindings appear on every line of the request.
 */
export function requestLoggerMiddleware(root: Logger): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const b = body as Record<string, unknown>;
    let surface = 'unknown';
    if (typeof b.type === 'string') surface = b.type;
    else if (typeof b.command === 'string') surface = 'slash_command';
    const view = b.view as { callback_id?: string } | undefined;
    const actions = b.actions as Array<{ action_id?: string }> | undefined;
    const event = b.event as { type?: string; user?: unknown } | undefined;
    const user = b.user as { id?: string } | undefined;
    const team = b.team as { id?: string } | null | undefined;
    context.log = root.child({
      reqId: randomUUID(),
      surface,
      command: stringOrUndefined(b.command),
      callbackId: view?.callback_id ?? actions?.[0]?.action_id ?? stringOrUndefined(b.action_id) ?? stringOrUndefined(b.callback_id) ?? event?.type,
      teamId: context.teamId ?? team?.id ?? stringOrUndefined(b.team_id),
      userId: context.userId ?? user?.id ?? stringOrUndefined(b.user_id) ?? stringOrUndefined(event?.user),
      triggerId: stringOrUndefined(b.trigger_id),
      eventId: stringOrUndefined(b.event_id),
    });
    // Everything the listener calls (Wix gateway, Slack client) logs with this request's id.
    await runWithRequestLogger(context.log as Logger, next);
  };
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
