import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { EXIT_BROKEN, EXIT_OK, EXIT_USAGE, runAuditCli } from '../../src/cli/audit.js';
import { verifyChain } from '../../src/lib/audit/chain.js';
import { parseJsonlExport } from '../../src/lib/audit/export.js';
import { DATABASE_FILE } from '../../src/lib/store/database.js';
import { seedEvents, tempStore } from '../helpers/audit.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(args: string[], dataDir: string): Promise<Run> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk.toString('utf8')));
  stderr.on('data', (chunk: Buffer) => err.push(chunk.toString('utf8')));
  const code = await runAuditCli(args, { stdout, stderr, env: { DATA_DIR: dataDir } });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** Runs SQL on the store file directly, as someone with file access would. */
function tamper(dataDir: string, sql: string): void {
  const db = new Database(join(dataDir, DATABASE_FILE));
  db.exec(sql);
  db.close();
}

describe('npm run audit', () => {
  let dataDir: string;
  let clock: number;

  beforeEach(() => {
    clock = Date.parse('2026-12-01T10:00:00Z');
    const created = tempStore(() => new Date((clock += 60_000)));
    dataDir = created.dataDir;
    seedEvents(created.store, 6, (i) => ({ details: { reason: i === 2 ? 'line one\nline "two", with comma' : 'routine', index: i } }));
    created.store.close();
  });

  describe('verify', () => {
    it('accepts an intact chain', async () => {
      const run = await cli(['verify'], dataDir);

      expect(run.code).toBe(EXIT_OK);
      expect(run.stdout).toContain('Audit chain intact: 6 events (seq 1–6)');
    });

    it('detects an edited event by its hash', async () => {
      tamper(dataDir, `UPDATE audit_events SET details = '{"index":2,"reason":"nothing to see"}' WHERE seq = 3`);

      const run = await cli(['verify'], dataDir);

      expect(run.code).toBe(EXIT_BROKEN);
      expect(run.stdout).toContain('BROKEN at seq 3 (hash_mismatch)');
      expect(run.stdout).toContain('edited');
    });

    it('detects a deleted event', async () => {
      tamper(dataDir, 'DELETE FROM audit_events WHERE seq = 3');

      const run = await cli(['verify'], dataDir);

      expect(run.code).toBe(EXIT_BROKEN);
      expect(run.stdout).toContain('BROKEN at seq 4 (sequence_gap)');
      expect(run.stdout).toContain('events 3 are missing');
    });

    it('detects a deleted, renumbered event', async () => {
      tamper(dataDir, 'DELETE FROM audit_events WHERE seq = 3; UPDATE audit_events SET seq = seq - 1 WHERE seq > 3');

      const run = await cli(['verify'], dataDir);

      expect(run.code).toBe(EXIT_BROKEN);
      expect(run.stdout).toContain('BROKEN at seq 3 (prev_hash_mismatch)');
    });

    it('detects reordered events by the previous hash', async () => {
      tamper(
        dataDir,
        `UPDATE audit_events SET seq = -3 WHERE seq = 3;
         UPDATE audit_events SET seq = 3 WHERE seq = 4;
         UPDATE audit_events SET seq = 4 WHERE seq = -3;`,
      );

      const run = await cli(['verify'], dataDir);

      expect(run.code).toBe(EXIT_BROKEN);
      expect(run.stdout).toContain('BROKEN at seq 3 (prev_hash_mismatch)');
      expect(run.stdout).toContain('reordered');
    });

    it('detects a deleted first event', async () => {
      tamper(dataDir, 'DELETE FROM audit_events WHERE seq = 1');

      const run = await cli(['verify'], dataDir);

      expect(run.code).toBe(EXIT_BROKEN);
      expect(run.stdout).toContain('BROKEN at seq 2 (sequence_gap)');
    });

    it('reports a row with damaged JSON', async () => {
      tamper(dataDir, `UPDATE audit_events SET targets = '[{' WHERE seq = 5`);

      const run = await cli(['verify'], dataDir);

      expect(run.code).toBe(EXIT_BROKEN);
      expect(run.stdout).toContain('BROKEN at seq 5 (unreadable_row)');
    });

    it('rejects a missing store', async () => {
      const run = await cli(['verify'], join(dataDir, 'nowhere'));

      expect(run.code).toBe(EXIT_USAGE);
      expect(run.stderr).toContain('No store at');
      expect(run.stderr).not.toContain('Usage:');
    });

    it('runs without Slack or Wix settings', () => {
      tamper(dataDir, `UPDATE audit_events SET outcome = 'failed' WHERE seq = 2`);

      const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/audit.ts', 'verify'], {
        env: { PATH: process.env.PATH, DATA_DIR: dataDir },
        encoding: 'utf8',
      });

      expect(result.status).toBe(EXIT_BROKEN);
      expect(result.stdout).toContain('BROKEN at seq 2 (hash_mismatch)');
    });
  });

  describe('export', () => {
    it('round-trips JSONL through chain verification', async () => {
      const output = join(dataDir, 'export.jsonl');

      const run = await cli(['export', '--format', 'jsonl', '--output', output], dataDir);
      const lines = readFileSync(output, 'utf8').split('\n');
      const events = [...parseJsonlExport(lines)];

      expect(run.code).toBe(EXIT_OK);
      expect(events).toHaveLength(6);
      expect(verifyChain(events)).toMatchObject({ ok: true, checked: 6, lastSeq: 6 });
      expect(events[2]?.details.reason).toBe('line one\nline "two", with comma');
    });

    it('verifies an export and finds edits', async () => {
      const output = join(dataDir, 'export.jsonl');
      await cli(['export', '--format', 'jsonl', '--output', output], dataDir);

      const intact = await cli(['verify', '--input', output], dataDir);
      writeFileSync(output, readFileSync(output, 'utf8').replace('"outcome":"succeeded"', '"outcome":"failed"'));
      const edited = await cli(['verify', '--input', output], dataDir);

      expect(intact.code).toBe(EXIT_OK);
      expect(edited.code).toBe(EXIT_BROKEN);
      expect(edited.stdout).toContain('BROKEN at seq 1 (hash_mismatch)');
    });

    it('writes JSONL since a date to stdout', async () => {
      const run = await cli(['export', '--format', 'jsonl', '--since', '2026-12-01T10:04:00Z'], dataDir);
      const events = [...parseJsonlExport(run.stdout.split('\n'))];

      expect(run.code).toBe(EXIT_OK);
      expect(events.map((event) => event.seq)).toEqual([4, 5, 6]);
      expect(verifyChain(events, { start: 'any' }).ok).toBe(true);
      expect(verifyChain(events).ok).toBe(false);
    });

    it('quotes CSV fields with commas and quotes', async () => {
      const run = await cli(['export', '--format', 'csv'], dataDir);
      const [header] = run.stdout.split('\n');

      expect(run.code).toBe(EXIT_OK);
      expect(header).toBe('seq,event_id,occurred_at,actor_team_id,actor_user_id,action,outcome,targets_json,details_json,approval_id,wix_request_id,prev_hash,hash,delivered_at,delivery_ts');
      expect(run.stdout).toContain('"{""reason"":""line one\\nline \\""two\\"", with comma"",""index"":2}"');
      expect(run.stdout).toContain(',T0TEST001,U0OWNER01,invite.create,succeeded,');
    });

    it('rejects a missing or unknown format', async () => {
      const missing = await cli(['export'], dataDir);
      const unknown = await cli(['export', '--format', 'xml'], dataDir);

      expect(missing.code).toBe(EXIT_USAGE);
      expect(missing.stderr).toContain('Missing --format');
      expect(unknown.code).toBe(EXIT_USAGE);
      expect(unknown.stderr).toContain('Invalid --format "xml"');
    });

    it('rejects an unwritable output file', async () => {
      const run = await cli(['export', '--format', 'csv', '--output', join(dataDir, 'missing-folder', 'out.csv')], dataDir);

      expect(run.code).toBe(EXIT_USAGE);
      expect(run.stderr).toContain('Cannot write');
      expect(run.stderr).toContain('ENOENT');
    });

    it('rejects an invalid --since', async () => {
      const run = await cli(['export', '--format', 'csv', '--since', 'last week'], dataDir);

      expect(run.code).toBe(EXIT_USAGE);
      expect(run.stderr).toContain('Invalid --since "last week"');
    });

    it('rejects an unknown option', async () => {
      const run = await cli(['export', '--format', 'csv', '--limit', '5'], dataDir);

      expect(run.code).toBe(EXIT_USAGE);
      expect(run.stderr).toContain('--limit');
    });
  });
});
