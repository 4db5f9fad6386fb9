import { z } from 'zod';
import { APPROVAL_ACTIONS, SUBCOMMANDS } from './subcommands.js';

/** A Slack user ID (U… or W… in Enterprise Grid) or a user group ID (S…). */
export const principalSchema = z
  .string()
  .regex(/^([UW][A-Z0-9]{2,}|S[A-Z0-9]{2,})$/, 'must be a Slack user ID (U…/W…) or user group ID (S…); names are not accepted');

export const ruleSchema = z.union([z.literal('everyone'), z.array(principalSchema).min(1, 'must list at least one user or group, or be "everyone"')], {
  error: 'must be "everyone" or a list of Slack user and group IDs such as [U0123ABCD, S0123ABCD]',
});

export type Rule = z.infer<typeof ruleSchema>;

/** A duration such as 30m, 4h or 7d, in milliseconds. */
export const durationSchema = z
  .string()
  .regex(/^\d+(m|h|d)$/, 'must be a duration such as 30m, 4h or 7d')
  .transform((text) => {
    const amount = Number(text.slice(0, -1));
    const unit = text.slice(-1);
    const unitMs: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };
    return amount * (unitMs[unit] ?? 0);
  })
  .refine((ms) => ms >= 60_000 && ms <= 30 * 86_400_000, 'must be between 1m and 30d');

export const approvalRuleSchema = z.strictObject({
  approvers: z.array(principalSchema).min(1, 'must list at least one approver'),
  required: z.number().int().min(1).max(10).default(1),
  expires_after: durationSchema.default(86_400_000),
});

export type ApprovalRule = z.output<typeof approvalRuleSchema>;

const commandsShape = Object.fromEntries(SUBCOMMANDS.map((name) => [name, ruleSchema.optional()])) as {
  [K in (typeof SUBCOMMANDS)[number]]: z.ZodOptional<typeof ruleSchema>;
};

const approvalsShape = Object.fromEntries(APPROVAL_ACTIONS.map((name) => [name, approvalRuleSchema.optional()])) as {
  [K in (typeof APPROVAL_ACTIONS)[number]]: z.ZodOptional<typeof approvalRuleSchema>;
};

/**
 * The policy file. Strict at every level: an unknown key is an error, so a misspelt rule cannot
 * silently deny or allow. A subcommand that is not listed may not be run by anyone.
 */
export const policyFileSchema = z.strictObject({
  commands: z.strictObject(commandsShape).default({}),
  approvals: z.strictObject(approvalsShape).default({}),
  /**
   * Role changes that need approval: a change to or from any of these roles (by Wix role ID or
   * name, case-insensitive). Other role changes run at once.
   */
  owner_level_roles: z.array(z.string().min(1)).default(['Co-Owner', 'Account Admin', 'Owner']),
});

export type PolicyFile = z.output<typeof policyFileSchema>;

const APPROVAL_RULE_KEYS = Object.keys(approvalRuleSchema.shape);

/** The keys a policy file may use at a path, for the "unknown key" message. */
export function knownKeysAt(path: readonly PropertyKey[]): string[] {
  if (path.length === 0) return Object.keys(policyFileSchema.shape);
  if (path.length === 1 && path[0] === 'commands') return [...SUBCOMMANDS];
  if (path.length === 1 && path[0] === 'approvals') return [...APPROVAL_ACTIONS];
  if (path.length === 2 && path[0] === 'approvals') return APPROVAL_RULE_KEYS;
  return [];
}
