import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { Approved } from '../../../src/lib/approvals/approved.js';
import { WixHttp } from '../../../src/lib/wix/http.js';
import { removeMember, updateTeamMemberAssignments, type AssignmentChange } from '../../../src/lib/wix/team.js';
import { transferSite, type SiteTransfer } from '../../../src/lib/wix/transfer.js';
import { WIX_ACCOUNT_ID, WIX_API_KEY, WIX_BASE } from '../../helpers/bot.js';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('sensitive Wix writes', () => {
  const wix = new WixHttp({ apiKey: WIX_API_KEY, accountId: WIX_ACCOUNT_ID, baseUrl: WIX_BASE, logger: pino({ level: 'silent' }) });

  it('reject unapproved parameters', async () => {
    const write = nock(WIX_BASE).post(/.*/).reply(200, {});
    const forged = { value: { siteId: 'x', sourceAccountId: 'y', targetAccountId: 'z' }, approvalId: 'fake' } as unknown as Approved<SiteTransfer>;

    await expect(transferSite(wix, forged)).rejects.toThrow('without an approval');
    await expect(removeMember(wix, { value: { userId: 'x' }, approvalId: null } as unknown as Approved<{ userId: string }>)).rejects.toThrow('without an approval');
    await expect(updateTeamMemberAssignments(wix, {} as Approved<AssignmentChange>)).rejects.toThrow('without an approval');
    expect(write.isDone()).toBe(false);
  });

  it('are unlocked only by approvals', () => {
    const importers = sourceFiles('src')
      .filter((path) => /issueApproved\(/.test(readFileSync(path, 'utf8')))
      .map((path) => path.replace(/\\/g, '/'));

    expect(importers.every((path) => path.startsWith('src/lib/approvals/'))).toBe(true);
    expect(importers).toContain('src/lib/approvals/execute.ts');
  });
});
