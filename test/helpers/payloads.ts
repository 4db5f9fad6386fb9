import { RESPONSE_HOST, TEAM_ID } from './fake-slack.js';

let seq = 0;

/** A block_actions payload for a button or overflow click in an ephemeral message. */
export function blockAction(options: { userId?: string; teamId?: string; actionId: string; value?: string; selectedValue?: string; blockId?: string }): Record<string, unknown> {
  seq += 1;
  const action: Record<string, unknown> = { action_id: options.actionId, block_id: options.blockId ?? 'b1', action_ts: '1767000050.123456' };
  if (options.value !== undefined) Object.assign(action, { type: 'button', value: options.value, text: { type: 'plain_text', text: 'x' } });
  if (options.selectedValue !== undefined) Object.assign(action, { type: 'overflow', selected_option: { text: { type: 'plain_text', text: 'x' }, value: options.selectedValue } });
  const teamId = options.teamId ?? TEAM_ID;
  return {
    type: 'block_actions',
    user: { id: options.userId ?? 'U0OWNER01', username: 'someone', name: 'someone', team_id: teamId },
    api_app_id: 'A0TESTAPP',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: '1767000000.000100', channel_id: 'C0WORK001', is_ephemeral: true },
    trigger_id: `${seq}.3333.fedcba`,
    team: { id: teamId, domain: 'test' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: 'C0WORK001', name: 'work' },
    state: { values: {} },
    response_url: `${RESPONSE_HOST}/actions/${teamId}/${seq}/reply`,
    actions: [action],
  };
}

/** A block_suggestion payload for an external select in a modal. */
export function blockSuggestion(actionId: string, value: string, userId = 'U0OWNER01'): Record<string, unknown> {
  return {
    type: 'block_suggestion',
    user: { id: userId, username: 'someone', name: 'someone', team_id: TEAM_ID },
    team: { id: TEAM_ID, domain: 'test' },
    api_app_id: 'A0TESTAPP',
    token: 'legacy-verification-token',
    container: { type: 'view', view_id: 'V0VIEW1' },
    view: { id: 'V0VIEW1', type: 'modal', callback_id: 'some_modal' },
    action_id: actionId,
    block_id: 'site_block',
    value,
  };
}
