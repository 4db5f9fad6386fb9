import { PolicyDeniedError } from '../errors.js';
import { checkIdentity, type SlackDirectory, type Subject, type Workspace } from '../identity.js';
import type { Policy } from './policy.js';
import type { Rule } from './schema.js';
import type { Subcommand } from './subcommands.js';

/** Decides who may do what: identity checks first, then the policy rule. Deny by default. */
export class Authorizer {
  constructor(
    readonly policy: Policy,
    readonly directory: SlackDirectory,
    readonly workspace: Workspace,
  ) {}

  /** Throws PolicyDeniedError with the rule that refused, or resolves when the user may run it. */
  async authorizeCommand(subcommand: Subcommand, subject: Subject): Promise<void> {
    await checkIdentity(this.directory, this.workspace, subject);
    const rule = this.policy.commandRule(subcommand);
    if (rule === undefined) {
      throw new PolicyDeniedError(`No one may run \`/wix ${subcommand}\`: the policy file has no \`commands.${subcommand}\` rule. Ask an owner to add one.`);
    }
    if (!(await this.matches(rule, subject.userId))) {
      throw new PolicyDeniedError(`You are not listed in \`commands.${subcommand}\` of the policy file. Ask an owner for access.`);
    }
  }

  /** Whether a user is named by a rule directly or through a user group (groups read from Slack now). */
  async matches(rule: Rule | readonly string[], userId: string): Promise<boolean> {
    if (rule === 'everyone') return true;
    if (rule.includes(userId)) return true;
    for (const principal of rule) {
      if (!principal.startsWith('S')) continue;
      const members = await this.directory.userGroupMembers(principal);
      if (members.includes(userId)) return true;
    }
    return false;
  }

  /** Expands a list of users and groups into user IDs (for "who may approve" and eligibility). */
  async expand(principals: readonly string[]): Promise<string[]> {
    const users = new Set<string>();
    for (const principal of principals) {
      if (principal.startsWith('S')) for (const member of await this.directory.userGroupMembers(principal)) users.add(member);
      else users.add(principal);
    }
    return [...users];
  }
}
