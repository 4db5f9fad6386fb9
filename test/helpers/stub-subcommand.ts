import { getRolesInfo } from '../../src/lib/wix/roles.js';
import type { SubcommandHandler } from '../../src/handlers/commands/types.js';

/**
 * Builds a stand-in `/wix sites` that reads Wix once (Get Roles Info) and replies with the count, for
 * router tests that need a subcommand with a Wix call. `events` records when the call returns.
 */
export function stubWixSubcommand(events: string[] = []): SubcommandHandler {
  return {
    name: 'sites',
    usage: 'sites',
    summary: 'Stub that reads Wix once.',
    async run({ deps, respond }) {
      const roles = await getRolesInfo(deps.wix);
      events.push('wix returned');
      await respond({ response_type: 'ephemeral', text: `${roles.length} roles` });
    },
  };
}
