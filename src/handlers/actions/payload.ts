import type { Logger } from 'pino';
import { z } from 'zod';
import type { Subject } from '../../lib/identity.js';

/** The parts of a block_actions payload that the list buttons and menus use. */
export const blockActionSchema = z.looseObject({
  user: z.looseObject({ id: z.string().min(1), team_id: z.string().optional() }),
  team: z.looseObject({ id: z.string() }).nullable().optional(),
  response_url: z.string().url().optional(),
  trigger_id: z.string().optional(),
  channel: z.looseObject({ id: z.string().max(50) }).nullable().optional(),
  actions: z
    .array(
      z.looseObject({
        action_id: z.string(),
        // Slack caps button values at 2,000 characters and option values at 150. A longer value is
        // forged, so it reads as missing and the listener replies that the button is not valid.
        value: z.string().max(2000).optional().catch(undefined),
        selected_option: z.looseObject({ value: z.string().max(150) }).optional().catch(undefined),
      }),
    )
    .min(1),
});

export type BlockAction = z.output<typeof blockActionSchema>;

/** Returns who clicked, from the signed payload only. */
export function clickSubject(payload: BlockAction): Subject {
  return { teamId: payload.team?.id ?? payload.user.team_id ?? '', userId: payload.user.id };
}

/**
 * Parses a click on a button or menu in an ephemeral message. Returns null, after a log line,
 * when the payload is invalid or has no response_url, because then there is no way to reply.
 */
export function parseEphemeralClick(body: unknown, log: Logger): (BlockAction & { response_url: string }) | null {
  const payload = blockActionSchema.safeParse(body);
  if (!payload.success) {
    log.warn({ issues: payload.error.issues.length }, 'invalid block_actions payload');
    return null;
  }
  if (!payload.data.response_url) {
    log.warn({}, 'block_actions payload has no response_url');
    return null;
  }
  return { ...payload.data, response_url: payload.data.response_url };
}
