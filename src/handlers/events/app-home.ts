import type { App } from '@slack/bolt';
import { homeView } from '../../views/home.js';
import type { SubcommandHandler } from '../commands/types.js';
import { requestLogger, type BotDeps } from '../context.js';

/** Event that renders the Home tab; the manifest subscribes to it under bot_events. */
export const HOME_EVENT = 'app_home_opened';

/** Publishes the Home tab when a user opens it. Bolt acks events before listeners run. */
export function registerHomeTab(app: App, deps: BotDeps, subcommands: SubcommandHandler[]): void {
  app.event(HOME_EVENT, async ({ event, client, context }) => {
    if (event.tab !== 'home') return;
    const log = requestLogger(context, deps.logger);
    await deps.track(
      client.views
        .publish({ user_id: event.user, view: homeView(subcommands) })
        .then(() => log.debug('home tab published'))
        .catch((err: unknown) => log.warn({ err }, 'could not publish the home tab')),
    );
  });
}
