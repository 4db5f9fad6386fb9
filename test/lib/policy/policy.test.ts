import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/lib/errors.js';
import { loadPolicy, parsePolicy } from '../../../src/lib/policy/policy.js';
import { APPROVAL_ACTIONS, SUBCOMMANDS } from '../../../src/lib/policy/subcommands.js';

const EXAMPLE = join(import.meta.dirname, '../../../policy.example.yml');

function policyError(text: string): string {
  const attempt = () => parsePolicy(text, 'policy.yml');
  expect(attempt).toThrow(ConfigError);
  try {
    attempt();
  } catch (error) {
    return (error as Error).message;
  }
  return '';
}

describe('policy.example.yml', () => {
  it('parses', () => {
    const policy = loadPolicy(EXAMPLE);

    expect(policy.commandRule('help')).toBe('everyone');
    expect(policy.commandRule('invite')).toEqual(['S0TEAMLEADS', 'U0OWNER']);
    expect(policy.approvalRule('role')).toEqual({ approvers: ['U0OWNER', 'S0OWNERS'], required: 2, expires_after: 4 * 3_600_000 });
  });

  it('names a rule for every subcommand', () => {
    const policy = loadPolicy(EXAMPLE);

    for (const subcommand of SUBCOMMANDS) expect(policy.commandRule(subcommand), subcommand).toBeDefined();
  });
});

describe('policy parsing', () => {
  it('accepts an empty file as deny-all', () => {
    const policy = parsePolicy('');

    for (const subcommand of SUBCOMMANDS) expect(policy.commandRule(subcommand)).toBeUndefined();
    for (const action of APPROVAL_ACTIONS) expect(policy.approvalRule(action)).toBeUndefined();
  });

  it('fills approval defaults', () => {
    const policy = parsePolicy('approvals:\n  remove: { approvers: [U0OWNER01] }\n');

    expect(policy.approvalRule('remove')).toEqual({ approvers: ['U0OWNER01'], required: 1, expires_after: 86_400_000 });
  });

  it.each([
    ['30m', 30 * 60_000],
    ['1m', 60_000],
    ['4h', 4 * 3_600_000],
    ['30d', 30 * 86_400_000],
  ])('reads the duration %s', (text, ms) => {
    const policy = parsePolicy(`approvals:\n  remove: { approvers: [U0OWNER01], expires_after: ${text} }\n`);

    expect(policy.approvalRule('remove')?.expires_after).toBe(ms);
  });

  it('accepts Enterprise Grid user IDs', () => {
    expect(parsePolicy('commands:\n  help: [W0GRIDUSER]\n').commandRule('help')).toEqual(['W0GRIDUSER']);
  });

  it('matches owner-level roles by name or ID in any case', () => {
    const policy = parsePolicy('owner_level_roles: [co-owner, 2a2a-id]\n');

    expect(policy.isOwnerLevelRole({ id: 'x', name: 'Co-Owner' })).toBe(true);
    expect(policy.isOwnerLevelRole({ id: '2A2A-ID', name: 'Custom' })).toBe(true);
    expect(policy.isOwnerLevelRole({ id: 'y', name: 'Website Manager' })).toBe(false);
  });

  it.each<[string, string, string]>([
    ['an unknown top-level key', 'comands:\n  help: everyone\n', 'comands: unknown key; known keys here are commands, approvals, owner_level_roles'],
    ['an unknown subcommand', 'commands:\n  invtie: everyone\n', 'commands.invtie: unknown key; known keys here are help, invite'],
    ['an unknown approval action', 'approvals:\n  delete: { approvers: [U0OWNER01] }\n', 'approvals.delete: unknown key; known keys here are transfer, remove, role'],
    ['an unknown approval key', 'approvals:\n  role: { approvers: [U0OWNER01], quorum: 2 }\n', 'approvals.role.quorum: unknown key; known keys here are approvers, required, expires_after'],
    ['a user name instead of an ID', 'commands:\n  help: [jane]\n', 'commands.help[0]: must be a Slack user ID (U…/W…) or user group ID (S…)'],
    ['a channel ID', 'commands:\n  help: [C0CHANNEL]\n', 'commands.help[0]: must be a Slack user ID'],
    ['an @mention', 'commands:\n  help: ["@jane"]\n', 'commands.help[0]: must be a Slack user ID'],
    ['a misspelt everyone', 'commands:\n  help: Everyone\n', 'commands.help: must be "everyone" or a list of Slack user and group IDs'],
    ['an empty list', 'commands:\n  help: []\n', 'commands.help: must list at least one user or group, or be "everyone"'],
    ['a bad approver ID', 'approvals:\n  role: { approvers: [owners] }\n', 'approvals.role.approvers[0]: must be a Slack user ID'],
    ['no approvers', 'approvals:\n  role: { approvers: [] }\n', 'approvals.role.approvers: must list at least one approver'],
    ['zero required approvals', 'approvals:\n  role: { approvers: [U0OWNER01], required: 0 }\n', 'approvals.role.required:'],
    ['a duration without unit', 'approvals:\n  role: { approvers: [U0OWNER01], expires_after: 24 }\n', 'approvals.role.expires_after:'],
    ['a duration with a bad unit', 'approvals:\n  role: { approvers: [U0OWNER01], expires_after: 2w }\n', 'approvals.role.expires_after: must be a duration such as 30m, 4h or 7d'],
    ['a duration too long', 'approvals:\n  role: { approvers: [U0OWNER01], expires_after: 31d }\n', 'approvals.role.expires_after: must be between 1m and 30d'],
    ['a duration too short', 'approvals:\n  role: { approvers: [U0OWNER01], expires_after: 0m }\n', 'approvals.role.expires_after: must be between 1m and 30d'],
    ['commands as a list', 'commands: [help]\n', 'commands: Invalid input: expected object'],
    ['invalid YAML', 'commands:\n  help: [U0OWNER01\n', 'Policy file policy.yml is not valid YAML'],
  ])('rejects %s with its path', (_name, text, expected) => {
    const message = policyError(text);

    expect(message).toContain(expected);
  });

  it('lists every problem of the file', () => {
    const message = policyError('commands:\n  invtie: everyone\n  help: [jane]\n');

    expect(message.split('\n')).toEqual([
      'Policy file policy.yml is invalid:',
      '  commands.help[0]: must be a Slack user ID (U…/W…) or user group ID (S…); names are not accepted',
      expect.stringMatching(/^ {2}commands\.invtie: unknown key/),
    ]);
  });

  it('names a missing file and the variable to set', () => {
    const attempt = () => loadPolicy(join(tmpdir(), 'no-such-dir', 'policy.yml'));

    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/cannot be read .*Set POLICY_FILE or copy policy\.example\.yml/);
  });

  it('reads a file from disk', () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-'));
    writeFileSync(join(dir, 'policy.yml'), readFileSync(EXAMPLE, 'utf8'));

    expect(loadPolicy(join(dir, 'policy.yml')).commandRule('audit')).toEqual(['S0OWNERS']);
  });
});
