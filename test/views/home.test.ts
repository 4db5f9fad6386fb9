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

  it('says so when no subcommand is enabled', () => {
    expect(JSON.stringify(homeView(input([])))).toContain('No subcommands are enabled.');
  });
});
