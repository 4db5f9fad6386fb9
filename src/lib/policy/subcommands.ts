/**
 * Every `/wix` subcommand the bot knows. The policy file may name only these, so a typo such as
 * `invtie:` stops the start instead of silently denying everyone.
 */
export const SUBCOMMANDS = [
  'help',
  'invite',
  'team',
  'whois',
  'role',
  'remove',
  'transfer',
  'requests',
  'sites',
  'domains',
  'accounts',
  'audit',
] as const;

export type Subcommand = (typeof SUBCOMMANDS)[number];

/** Actions that go through the approval flow when the policy says so. */
export const APPROVAL_ACTIONS = ['transfer', 'remove', 'role'] as const;

export type ApprovalAction = (typeof APPROVAL_ACTIONS)[number];
