import type { WebClient } from '@slack/web-api';
import { z } from 'zod';
import { BotError, PolicyDeniedError } from './errors.js';

/** The workspace (and Enterprise Grid org) that installed the app, from auth.test at start-up. */
export interface Workspace {
  teamId: string;
  enterpriseId: string | null;
  botUserId: string;
}

/** The acting user, taken from the signed Slack payload only. */
export interface Subject {
  teamId: string;
  userId: string;
}

/** Facts about a Slack user that authorization depends on. */
export interface SlackUserFacts {
  id: string;
  teamId: string;
  enterpriseId: string | null;
  deleted: boolean;
  isBot: boolean;
  /** Multi-channel guest. */
  isRestricted: boolean;
  /** Single-channel guest. */
  isUltraRestricted: boolean;
}

/** Cache options of a user lookup. */
export interface LookupOptions {
  /**
   * Ask Slack now instead of reading the cache, for decisions that must see a
   * deactivation at once (approval clicks and execution). The result still refreshes the cache.
   */
  fresh?: boolean;
}

/** Reads user facts and user group members from Slack. */
export interface SlackDirectory {
  /** Returns null when Slack does not know the user or may not show them (user_not_found, user_not_visible). */
  userInfo(userId: string, options?: LookupOptions): Promise<SlackUserFacts | null>;
  userGroupMembers(groupId: string): Promise<string[]>;
}

const usersInfoSchema = z.looseObject({
  user: z.looseObject({
    id: z.string(),
    team_id: z.string().optional(),
    deleted: z.boolean().optional(),
    is_bot: z.boolean().optional(),
    is_restricted: z.boolean().optional(),
    is_ultra_restricted: z.boolean().optional(),
    enterprise_user: z.looseObject({ enterprise_id: z.string().optional() }).optional(),
  }),
});

const groupUsersSchema = z.looseObject({ users: z.array(z.string()).default([]) });

interface CacheEntry<T> {
  value: T;
  expiresAt: number;
}

/**
 * SlackDirectory over the Web API. users.info results are cached briefly (Tier 4 method, but a
 * burst of clicks should not spend the limit); group members are cached only when asked, because
 * approvals re-read them at every click.
 */
export class WebApiDirectory implements SlackDirectory {
  private readonly users = new Map<string, CacheEntry<SlackUserFacts | null>>();
  private readonly groups = new Map<string, CacheEntry<string[]>>();

  constructor(
    private readonly client: WebClient,
    private readonly options: { userTtlMs?: number; groupTtlMs?: number; now?: () => number } = {},
  ) {}

  async userInfo(userId: string, options: LookupOptions = {}): Promise<SlackUserFacts | null> {
    const now = this.now();
    const cached = this.users.get(userId);
    if (!options.fresh && cached && cached.expiresAt > now) return cached.value;
    let facts: SlackUserFacts | null;
    try {
      const parsed = usersInfoSchema.parse(await this.client.users.info({ user: userId }));
      facts = {
        id: parsed.user.id,
        teamId: parsed.user.team_id ?? '',
        enterpriseId: parsed.user.enterprise_user?.enterprise_id ?? null,
        deleted: parsed.user.deleted ?? false,
        isBot: parsed.user.is_bot ?? false,
        isRestricted: parsed.user.is_restricted ?? false,
        isUltraRestricted: parsed.user.is_ultra_restricted ?? false,
      };
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error;
      if (code === 'user_not_found' || code === 'user_not_visible') facts = null;
      else throw new BotError('slack_api', `users.info failed for ${userId}: ${(error as Error).message}`, { cause: error, userMessage: 'Slack did not respond to a user lookup. Try again in a moment.' });
    }
    this.users.set(userId, { value: facts, expiresAt: now + (this.options.userTtlMs ?? 60_000) });
    return facts;
  }

  async userGroupMembers(groupId: string): Promise<string[]> {
    const now = this.now();
    const ttl = this.options.groupTtlMs ?? 0;
    const cached = this.groups.get(groupId);
    if (ttl > 0 && cached && cached.expiresAt > now) return cached.value;
    try {
      const parsed = groupUsersSchema.parse(await this.client.usergroups.users.list({ usergroup: groupId }));
      this.groups.set(groupId, { value: parsed.users, expiresAt: now + ttl });
      return parsed.users;
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error;
      // A group that no longer exists grants nothing; anything else is a real failure.
      if (code === 'no_such_subteam') return [];
      throw new BotError('slack_api', `usergroups.users.list failed for ${groupId}: ${(error as Error).message}`, {
        cause: error,
        userMessage: 'Slack did not answer a user group lookup, so the bot cannot check your permission. Try again in a moment.',
      });
    }
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }
}

/**
 * Rejects anyone who is not a full, active human member of the installing workspace or its
 * Enterprise Grid org, before any policy rule is read. Returns the user facts on success.
 * `options.fresh` skips the users.info cache.
 */
export async function checkIdentity(directory: SlackDirectory, workspace: Workspace, subject: Subject, options: LookupOptions = {}): Promise<SlackUserFacts> {
  const sameTeam = subject.teamId === workspace.teamId;
  const facts = await directory.userInfo(subject.userId, options);
  if (!facts) throw new PolicyDeniedError('Slack does not show this user to the bot, so users from other organizations are rejected.');
  if (facts.deleted) throw new PolicyDeniedError('Deactivated users cannot use the bot.');
  if (facts.isBot) throw new PolicyDeniedError('Bots cannot use the bot.');
  if (facts.isRestricted || facts.isUltraRestricted) throw new PolicyDeniedError('Guests cannot use the bot; only full members of the workspace can.');
  const sameOrg = workspace.enterpriseId !== null && facts.enterpriseId === workspace.enterpriseId;
  if (!sameOrg && (!sameTeam || facts.teamId !== workspace.teamId)) {
    throw new PolicyDeniedError('Users from other workspaces or organizations (Slack Connect) cannot use the bot.');
  }
  return facts;
}
