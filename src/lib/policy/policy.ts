import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../errors.js';
import { policyFileSchema, type ApprovalRule, type PolicyFile, type Rule } from './schema.js';
import type { ApprovalAction, Subcommand } from './subcommands.js';

/** Reads and validates the policy file; any problem stops the start with the path of the problem. */
export function loadPolicy(path: string): Policy {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`Policy file ${path} cannot be read (${(error as Error).message}). Set POLICY_FILE or copy policy.example.yml to ${path}.`, { cause: error });
  }
  return parsePolicy(text, path);
}

export function parsePolicy(text: string, source = 'policy'): Policy {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new ConfigError(`Policy file ${source} is not valid YAML: ${(error as Error).message}`, { cause: error });
  }
  const parsed = policyFileSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const where = issue.path.length ? issue.path.join('.') : '(top level)';
      const keys = 'keys' in issue && Array.isArray(issue.keys) ? ` ${issue.keys.join(', ')}` : '';
      return `  ${where}: ${issue.message}${keys}`;
    });
    throw new ConfigError(`Policy file ${source} is invalid:\n${lines.join('\n')}`);
  }
  return new Policy(parsed.data);
}

/** The rules of the policy file, read-only. Deny by default. */
export class Policy {
  constructor(readonly file: PolicyFile) {}

  /** The rule for a subcommand, or undefined when no one may run it. */
  commandRule(subcommand: Subcommand): Rule | undefined {
    return this.file.commands[subcommand];
  }

  approvalRule(action: ApprovalAction): ApprovalRule | undefined {
    return this.file.approvals[action];
  }

  /** Whether a role (ID or name) is owner-level, so that changing to or from it needs approval. */
  isOwnerLevelRole(role: { id: string; name: string }): boolean {
    const wanted = this.file.owner_level_roles.map((r) => r.toLowerCase());
    return wanted.includes(role.id.toLowerCase()) || wanted.includes(role.name.toLowerCase());
  }
}
