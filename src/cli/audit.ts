import { createReadStream, createWriteStream, existsSync } from 'node:fs';
import { once } from 'node:events';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Writable } from 'node:stream';
import { verifyChain, type ChainResult, type ChainRow } from '../lib/audit/chain.js';
import { EXPORT_FORMATS, exportChunks, parseJsonlExport, type ExportFormat } from '../lib/audit/export.js';
import { parseSince } from '../lib/audit/since.js';
import { DATABASE_FILE } from '../lib/store/database.js';
import { Store } from '../lib/store/index.js';

/** Exit codes: 0 success, 1 broken chain, 2 usage or input error, 3 unreadable store. */
export const EXIT_OK = 0;
export const EXIT_BROKEN = 1;
export const EXIT_USAGE = 2;
/** The store file exists but SQLite cannot read it (damaged or not a database). */
export const EXIT_STORE = 3;

const USAGE = `Usage:
  npm run audit -- verify [--input FILE.jsonl]
  npm run audit -- export --format jsonl|csv [--since DATE] [--output FILE]

verify   Checks the hash chain of every event in the store under DATA_DIR (default ./data),
         or of a JSONL export given with --input, and reports the first broken link.
export   Writes events in sequence order to FILE or stdout. --since takes an ISO date or time
         (2026-12-01 or 2026-12-01T09:00:00Z) and keeps events at or after it.
Exit code: 0 when the chain is intact or the export is written, 1 when the chain is broken,
2 for invalid arguments or a missing store, 3 when the store file cannot be read.`;

export interface CliIo {
  stdout: Writable;
  stderr: Writable;
  env: Record<string, string | undefined>;
}

/** Invalid arguments: the message is printed with the usage. */
class CliUsageError extends Error {}

/** A missing or unusable file: the message alone states what to fix. */
class CliInputError extends Error {}

/** Runs `npm run audit -- …` with the given arguments and returns the exit code. Needs no Slack or Wix config. */
export async function runAuditCli(argv: string[], io: CliIo): Promise<number> {
  const say = (stream: Writable, text: string) => stream.write(text.endsWith('\n') ? text : `${text}\n`);
  try {
    const [command, ...rest] = argv;
    if (command === 'verify') return await verify(rest, io, say);
    if (command === 'export') return await exportCommand(rest, io);
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      say(io.stdout, USAGE);
      return command === undefined ? EXIT_USAGE : EXIT_OK;
    }
    throw new CliUsageError(`Unknown command "${command}".`);
  } catch (error) {
    if (error instanceof CliUsageError) {
      say(io.stderr, `${error.message}\n\n${USAGE}`);
      return EXIT_USAGE;
    }
    if (error instanceof CliInputError) {
      say(io.stderr, error.message);
      return EXIT_USAGE;
    }
    if (isParseArgsError(error)) {
      say(io.stderr, `${(error as Error).message}\n\n${USAGE}`);
      return EXIT_USAGE;
    }
    if ((error as { code?: unknown }).code !== undefined && String((error as { code?: unknown }).code).startsWith('SQLITE_')) {
      say(io.stderr, `The store cannot be read (${(error as Error).message}). Restore it from a backup or check DATA_DIR; an export made earlier can still be checked with verify --input FILE.`);
      return EXIT_STORE;
    }
    throw error;
  }
}

type Say = (stream: Writable, text: string) => void;

async function verify(args: string[], io: CliIo, say: Say): Promise<number> {
  const { values } = parseArgs({ args, options: { input: { type: 'string' } }, strict: true, allowPositionals: false });
  let result: ChainResult;
  let source: string;
  if (values.input) {
    source = values.input;
    const lines = await readLines(values.input);
    try {
      result = verifyChain(parseJsonlExport(lines), { start: 'any' });
    } catch (error) {
      say(io.stderr, `Export ${values.input} cannot be read: ${(error as Error).message}`);
      return EXIT_BROKEN;
    }
  } else {
    const store = openStore(io.env);
    source = `the store in ${dataDirOf(io.env)}`;
    try {
      result = verifyChain(store.audit.iterateForVerification() as Iterable<ChainRow>);
    } finally {
      store.close();
    }
  }

  if (result.ok) {
    const range = result.firstSeq === null ? 'no events' : `seq ${result.firstSeq}–${result.lastSeq}`;
    say(io.stdout, `Audit chain intact: ${result.checked} events (${range}) in ${source}; last hash ${result.lastHash}`);
    return EXIT_OK;
  }
  say(io.stdout, `Audit chain BROKEN at seq ${result.seq} (${result.kind}): ${result.reason}. ${result.checked} events before it are intact.`);
  return EXIT_BROKEN;
}

async function exportCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { format: { type: 'string' }, since: { type: 'string' }, output: { type: 'string' } },
    strict: true,
    allowPositionals: false,
  });
  const format = values.format;
  if (!format) throw new CliUsageError('Missing --format; use --format jsonl or --format csv.');
  if (!(EXPORT_FORMATS as readonly string[]).includes(format)) throw new CliUsageError(`Invalid --format "${format}"; use jsonl or csv.`);
  const since = values.since === undefined ? undefined : parseSince(values.since);
  if (since === null) throw new CliUsageError(`Invalid --since "${values.since}"; use an ISO date such as 2026-12-01 or 2026-12-01T09:00:00Z.`);

  const store = openStore(io.env);
  let output: Writable = io.stdout;
  if (values.output) {
    try {
      output = await openOutput(values.output);
    } catch (error) {
      store.close();
      throw new CliInputError(`Cannot write ${values.output}: ${(error as Error).message}`);
    }
  }
  try {
    for (const chunk of exportChunks(store.audit.iterate(since), format as ExportFormat)) {
      if (!output.write(chunk)) await new Promise<void>((resolveDrain) => output.once('drain', () => resolveDrain()));
    }
  } finally {
    store.close();
    if (values.output) await new Promise<void>((resolveEnd, reject) => output.end((error?: Error | null) => (error ? reject(error) : resolveEnd())));
  }
  if (values.output) io.stderr.write(`Exported to ${values.output}\n`);
  return EXIT_OK;
}

function dataDirOf(env: Record<string, string | undefined>): string {
  return env.DATA_DIR || './data';
}

function openStore(env: Record<string, string | undefined>): Store {
  const dataDir = dataDirOf(env);
  if (!existsSync(join(dataDir, DATABASE_FILE))) {
    throw new CliInputError(`No store at ${join(dataDir, DATABASE_FILE)}. Set DATA_DIR to the bot's data folder.`);
  }
  return new Store({ dataDir, readOnly: true });
}

async function openOutput(path: string): Promise<Writable> {
  const stream = createWriteStream(path);
  await once(stream, 'open');
  return stream;
}

async function readLines(path: string): Promise<string[]> {
  if (!existsSync(path)) throw new CliInputError(`No file at ${path}. Give the path of a JSONL export.`);
  const lines: string[] = [];
  for await (const line of createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity })) lines.push(line);
  return lines;
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href;
if (invokedDirectly) {
  runAuditCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(`audit: ${(error as Error).stack ?? String(error)}`);
      process.exitCode = EXIT_USAGE;
    },
  );
}
