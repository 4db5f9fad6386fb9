import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { isScalar, isSeq, parse, parseDocument } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { SLASH_COMMAND } from '../src/handlers/commands/index.js';
import { HOME_EVENT } from '../src/handlers/events/app-home.js';
import { blockKitViolations } from '../src/views/limits.js';
import { startTestBot, type TestBot } from './helpers/bot.js';

const ROOT = join(import.meta.dirname, '..');
const MANIFEST_TEXT = readFileSync(join(ROOT, 'manifest.yml'), 'utf8');
const SCHEMA = JSON.parse(readFileSync(join(ROOT, 'test/fixtures/slack/manifest-schema/manifest.schema.1.0.0.json'), 'utf8')) as object;

interface Manifest {
  features: { slash_commands: Array<{ command: string; url?: string }>; app_home: { home_tab_enabled: boolean } };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions: { bot_events: string[]; request_url?: string };
    interactivity: { is_enabled: boolean; request_url?: string; message_menu_options_url?: string };
    socket_mode_enabled: boolean;
  };
}

const manifest = parse(MANIFEST_TEXT) as Manifest;

/** Source files under a folder of src/, as [relative path, text]. */
function sources(folder: string): Array<[string, string]> {
  const root = join(ROOT, 'src', folder);
  return readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => [file, readFileSync(join(root, file), 'utf8')]);
}

describe('manifest.yml', () => {
  it("validates against Slack's manifest schema", () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(SCHEMA);

    const valid = validate(manifest);

    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('registers the slash command the code listens to', () => {
    expect(manifest.features.slash_commands.map((command) => command.command)).toEqual([SLASH_COMMAND]);
  });

  it('subscribes to the events the code listens to', () => {
    expect(manifest.settings.event_subscriptions.bot_events).toEqual([HOME_EVENT]);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
  });

  it('keeps the bot scopes minimal', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual(['chat:write', 'commands', 'files:write', 'im:write', 'usergroups:read', 'users:read']);
  });

  it('gives every scope a comment with its reason', () => {
    const scopes = parseDocument(MANIFEST_TEXT).getIn(['oauth_config', 'scopes', 'bot'], true);

    expect(isSeq(scopes)).toBe(true);
    if (!isSeq(scopes)) return;
    for (const item of scopes.items) {
      expect(isScalar(item)).toBe(true);
      expect(isScalar(item) ? item.comment?.trim() : undefined, String(isScalar(item) ? item.value : item)).toMatch(/\w{3,}/);
    }
  });

  it('needs no request URLs in Socket Mode', () => {
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.features.slash_commands.every((command) => command.url === undefined)).toBe(true);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.interactivity.request_url).toBeUndefined();
    expect(manifest.settings.event_subscriptions.request_url).toBeUndefined();
  });
});

describe('interactive IDs', () => {
  const handlers = sources('handlers');
  const views = sources('views');
  const registration = /app\.(action|view|options|shortcut)\(\s*([^,)]+)/g;

  const registered = handlers.flatMap(([file, text]) => [...text.matchAll(registration)].map((match) => ({ file, kind: match[1]!, id: match[2]!.trim() })));

  it('registers IDs only through constants', () => {
    const literals = registered.filter((entry) => /^['"`]/.test(entry.id));

    expect(literals).toEqual([]);
  });

  it('renders every registered ID in a view', () => {
    const missing = registered
      .filter((entry) => /^[A-Z][A-Z0-9_]*$/.test(entry.id))
      .filter((entry) => {
        const declared = views.some(([, text]) => new RegExp(`export const ${entry.id}\\b`).test(text));
        const used = views.some(([, text]) => new RegExp(`(callback_id|action_id|block_id):\\s*${entry.id}\\b`).test(text));
        return !(declared && used);
      });

    expect(missing).toEqual([]);
  });
});

describe('Home tab', () => {
  let t: TestBot;

  afterEach(async () => {
    await t.stop();
  });

  it('is published on app_home_opened', async () => {
    t = await startTestBot();

    const answer = await t.event({ type: HOME_EVENT, user: 'U0MEMBER1', channel: 'D0HOME001', tab: 'home', event_ts: '1767000000.000100' });
    await t.settle();

    expect(answer.status).toBe(200);
    const published = t.slack.callsTo('views.publish');
    expect(published).toHaveLength(1);
    expect(published[0]?.args.user_id).toBe('U0MEMBER1');
    const view = published[0]?.args.view as Record<string, unknown>;
    expect(view.type).toBe('home');
    expect(JSON.stringify(view)).toContain('/wix help');
    expect(blockKitViolations('home', view)).toEqual([]);
  });

  it('ignores the Messages tab', async () => {
    t = await startTestBot();

    await t.event({ type: HOME_EVENT, user: 'U0MEMBER1', channel: 'D0HOME001', tab: 'messages', event_ts: '1767000000.000100' });
    await t.settle();

    expect(t.slack.callsTo('views.publish')).toEqual([]);
  });
});
