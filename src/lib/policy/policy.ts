import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../errors.js';
import type { z } from 'zod';
import { policyFileSchema, knownKeysAt, type ApprovalRule, type PolicyFile, type Rule } from './schema.js';
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
    const lines = parsed.error.issues.flatMap(describeIssue);
    throw new ConfigError(`Policy file ${source} is invalid:\n  ${lines.join('\n  ')}`);
  }
  return new Policy(parsed.data);
}

/** One line per problem, each starting with the dotted path of the key, such as `commands.invtie`. */
function describeIssue(issue: z.core.$ZodIssue): string[] {
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeysAt(issue.path);
    const hint = known.length > 0 ? `; known keys here are ${known.join(', ')}` : '';
    return issue.keys.map((key) => `${formatPath([...issue.path, key])}: unknown key${hint}`);
  }
  return [`${formatPath(issue.path)}: ${issue.message}`];
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`)).join('');
}

/** The rules of the policy file, read-only. Deny by default. */
export class Policy {
  constructor(readonly file: PolicyFile) {}

  /** Returns the rule for a subcommand, or undefined when no one may run it. */
  commandRule(subcommand: Subcommand): Rule | undefined {
    return this.file.commands[subcommand];
  }

  approvalRule(action: ApprovalAction): ApprovalRule | undefined {
    return this.file.approvals[action];
  }

  /** Checks whether a role (ID or name) is owner-level, so that changing to or from it needs approval. */
  isOwnerLevelRole(role: { id: string; name: string }): boolean {
    const wanted = this.file.owner_level_roles.map((r) => r.toLowerCase());
    return wanted.includes(role.id.toLowerCase()) || wanted.includes(role.name.toLowerCase());
  }
}
