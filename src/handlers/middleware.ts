import { randomUUID } from 'node:crypto';
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Logger } from 'pino';

/**
 * Binds a child logger for this request (request id, surface, command or callback id, team, user)
 * and puts it on `context.log`. Only IDs are bound, never payload text.
 */
export function requestLoggerMiddleware(root: Logger): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const b = body as Record<string, unknown>;
    const type = typeof b.type === 'string' ? b.type : typeof b.command === 'string' ? 'slash_command' : 'unknown';
    const view = b.view as { callback_id?: string } | undefined;
    const actions = b.actions as Array<{ action_id?: string }> | undefined;
    const event = b.event as { type?: string } | undefined;
    const user = b.user as { id?: string } | undefined;
    const team = b.team as { id?: string } | undefined;
    context.log = root.child({
      reqId: randomUUID(),
      surface: type,
      command: typeof b.command === 'string' ? b.command : undefined,
      callbackId: view?.callback_id ?? actions?.[0]?.action_id ?? (typeof b.action_id === 'string' ? b.action_id : undefined) ?? event?.type,
      teamId: context.teamId ?? team?.id ?? (typeof b.team_id === 'string' ? b.team_id : undefined),
      userId: context.userId ?? user?.id ?? (typeof b.user_id === 'string' ? b.user_id : undefined),
      triggerId: typeof b.trigger_id === 'string' ? b.trigger_id : undefined,
    });
    await next();
  };
}
