import { describe, expect, it } from 'vitest';
import { SUBCOMMANDS } from '../../src/lib/policy/subcommands.js';
import { homeView } from '../../src/views/home.js';
import { blockKitViolations } from '../../src/views/limits.js';

describe('homeView', () => {
  it('stays within limits for worst-case entries', () => {
    const entries = SUBCOMMANDS.map((name) => ({ name, usage: `${name} ${'<ARG> '.repeat(80)}`, summary: '*_`&<>'.repeat(100) }));

    const view = homeView(entries);

    expect(blockKitViolations('home', view as unknown as Record<string, unknown>)).toEqual([]);
    expect(JSON.stringify(view)).not.toContain('<ARG>');
  });

  it('says so when no subcommand is enabled', () => {
    expect(JSON.stringify(homeView([]))).toContain('No subcommands are enabled.');
  });
});
