import { helpMessage } from '../../views/messages.js';
import type { SubcommandHandler } from './types.js';

/** `/wix help` and `/wix` alone. Lists every subcommand, including ones the user may not run. */
export function createHelpCommand(all: () => SubcommandHandler[]): SubcommandHandler {
  return {
    name: 'help',
    usage: 'help',
    summary: 'List the subcommands.',
    async run({ respond }) {
      await respond({ response_type: 'ephemeral', ...helpMessage(all()) });
    },
  };
}
