import { describe, expect, it } from 'vitest';
import { SUBCOMMANDS } from '../../src/lib/policy/subcommands.js';
import { homeView, type HomeInput } from '../../src/views/home.js';
import { blockKitViolations } from '../../src/views/limits.js';

function input(commands: HomeInput['commands']): HomeInput {
  return { summary: { members: 1, pendingInvites: 0, sites: 2 }, requests: null, isApprover: false, updatedAt: new Date(0), commands };
}

describe('homeView', () => {
  it('stays within limits for worst-case entries', () => {
    const entries = SUBCOMMANDS.map((name) => ({ name, usage: `${name} ${'<ARG> '.repeat(80)}`, summary: '*_`&<>'.repeat(100) }));

    const view = homeView(input(entries));

    expect(blockKitViolations('home', view as unknown as Record<string, unknown>)).toEqual([]);
    expect(JSON.stringify(view)).not.toContain('<ARG>');
  });

  it('says so when no subcommand is allowed', () => {
    expect(JSON.stringify(homeView(input([])))).toContain('The policy file allows you no subcommands.');
  });

  it('leaves out counts the viewer may not see', () => {
    const view = homeView({ ...input([]), summary: { sites: 2 } });

    const text = JSON.stringify(view);
    expect(text).toContain('2 sites');
    expect(text).not.toContain('member');
    expect(text).not.toContain('pending invite');
  });

  it('explains a tab without counts', () => {
    expect(JSON.stringify(homeView({ ...input([]), summary: {} }))).toContain('no account counts are shown');
  });
});
