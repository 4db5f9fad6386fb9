import type { WebClient } from '@slack/web-api';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, readAuditPage, type AuditPageState } from '../../lib/audit/browse.js';
import { buildExport, EXPORT_FORMATS, type ExportFormat } from '../../lib/audit/export.js';
import { parseSince } from '../../lib/audit/since.js';
import { BotError, UsageError } from '../../lib/errors.js';
import type { Subject } from '../../lib/identity.js';
import { auditExportSentMessage, auditListFit, auditListMessage, auditStatusMessage } from '../../views/audit-command.js';
import type { BotDeps } from '../context.js';
import { parseArgs } from './parse.js';
import type { SubcommandHandler } from './types.js';

const USAGE = 'audit [N] [--user USER] [--action ACTION] [--since DATE] | audit status | audit export [--format jsonl|csv] [--since DATE]';

/** `/wix audit …`: recent events, delivery status, or an export file sent to the requester. */
export function createAuditCommand(): SubcommandHandler {
  return {
    name: 'audit',
    usage: USAGE,
    summary: 'Show recent audit events (N up to 100, filters by user, action and date), delivery status, or export the log as JSONL or CSV.',
    async run({ words, respond, client, subject, deps, log }) {
      const sub = words[0]?.toLowerCase();
      if (sub === 'status') {
        await respond({ response_type: 'ephemeral', ...auditStatusMessage(deps.audit.deliveryStatus(deps.now())) });
        return;
      }
      if (sub === 'export') {
        const { format, since } = parseExportArgs(words.slice(1));
        const sent = await uploadExport(client, deps, subject, format, since);
        log.info({ format, count: sent.count }, 'audit export sent');
        await respond({ response_type: 'ephemeral', ...auditExportSentMessage({ ...sent, format }) });
        return;
      }
      const state = parseListArgs(words);
      const page = readAuditPage(deps.store, state, (events) => auditListFit(events, state));
      await respond({ response_type: 'ephemeral', ...auditListMessage(page) });
    },
  };
}

/** Parses `[N] [--user USER] [--action ACTION] [--since DATE]` into the first page's state. */
export function parseListArgs(words: string[]): AuditPageState {
  const { positionals, flags } = parseArgs(words, ['user', 'action', 'since'], `/wix ${USAGE}`);
  if (positionals.length > 1) throw new UsageError(`Unexpected "${positionals[1]}".`, `/wix ${USAGE}`);
  const state: AuditPageState = { n: DEFAULT_PAGE_SIZE };
  if (positionals[0] !== undefined) {
    const n = Number(positionals[0]);
    if (!/^\d+$/.test(positionals[0]) || n < 1 || n > MAX_PAGE_SIZE) {
      throw new UsageError(`N must be a whole number from 1 to ${MAX_PAGE_SIZE}, not "${positionals[0]}".`, `/wix ${USAGE}`);
    }
    state.n = n;
  }
  if (typeof flags.user === 'string') state.user = parseUser(flags.user);
  if (typeof flags.action === 'string') {
    const action = flags.action.toLowerCase();
    if (!/^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/.test(action) || action.length > 100) {
      throw new UsageError(`--action must be an action name such as invite.create or approval, not "${flags.action}".`, `/wix ${USAGE}`);
    }
    state.action = action;
  }
  if (typeof flags.since === 'string') state.since = parseSinceFlag(flags.since);
  return state;
}

/** Accepts a mention (`<@U0123>` or `<@U0123|name>`) or a bare user ID. */
function parseUser(value: string): string {
  const match = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/.exec(value) ?? /^([UW][A-Z0-9]{2,30})$/.exec(value);
  if (!match?.[1]) {
    throw new UsageError(`--user must be a mention such as <@U0123ABCD> or a user ID such as U0123ABCD, not "${value}".`, `/wix ${USAGE}`);
  }
  return match[1];
}

function parseSinceFlag(value: string): string {
  const since = parseSince(value);
  if (since === null) throw new UsageError(`--since must be an ISO date such as 2026-12-01 or 2026-12-01T09:00:00Z, not "${value}".`, `/wix ${USAGE}`);
  return since;
}

function parseExportArgs(words: string[]): { format: ExportFormat; since: string | undefined } {
  const { positionals, flags } = parseArgs(words, ['format', 'since'], `/wix ${USAGE}`);
  if (positionals.length > 0) throw new UsageError(`Unexpected "${positionals[0]}".`, `/wix ${USAGE}`);
  const format = typeof flags.format === 'string' ? flags.format.toLowerCase() : 'jsonl';
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be jsonl or csv, not "${flags.format}".`, `/wix ${USAGE}`);
  return { format: format as ExportFormat, since: typeof flags.since === 'string' ? parseSinceFlag(flags.since) : undefined };
}

/**
 * Sends the export as a file in the requester's direct messages with the bot (files.uploadV2 into
 * the channel that conversations.open returns), then records `audit.export`.
 */
async function uploadExport(client: WebClient, deps: BotDeps, subject: Subject, format: ExportFormat, since: string | undefined): Promise<{ count: number; filename: string }> {
  const { content, count } = buildExport(deps.store.audit.iterate(since), format);
  const filename = `audit-${deps.now().toISOString().slice(0, 19).replace(/[:T]/g, '-')}.${format}`;
  const actor = { kind: 'user' as const, teamId: subject.teamId, userId: subject.userId };
  const details = { format, since: since ?? null, events: count, filename };
  try {
    const opened = await client.conversations.open({ users: subject.userId });
    const channelId = opened.channel?.id;
    if (!channelId) throw new Error('conversations.open returned no channel id');
    await client.files.uploadV2({ channel_id: channelId, file: Buffer.from(content, 'utf8'), filename, title: `Audit log export (${count} events)` });
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error ?? (error as Error).message;
    deps.audit.record({ actor, action: 'audit.export', targets: [], outcome: 'failed', details: { ...details, error: code } });
    throw new BotError('slack_api', `Audit export upload failed: ${code}`, {
      cause: error,
      userMessage: `Slack did not accept the export file (${code}). If it says missing_scope, reinstall the app from manifest.yml so it has im:write and files:write.`,
    });
  }
  deps.audit.record({ actor, action: 'audit.export', targets: [], outcome: 'succeeded', details });
  return { count, filename };
}
