import { UsageError } from '../../lib/errors.js';

/** Command text split into positional words and `--flag value` pairs. */
export interface ParsedArgs {
  positionals: string[];
  flags: Record<string, string | true>;
}

const QUOTES: Record<string, string> = { '"': '"', "'": "'", '“': '”', '‘': '’', '«': '»' };

/**
 * Splits Slack command text into words. Values may be quoted with straight or typographic quotes
 * (Slack clients turn "x" into “x” on some platforms). Slack sends `&`, `<` and `>` as entities and
 * wraps emails and links as `<mailto:a@b.c|a@b.c>`; both are undone here so the words are what
 * the user typed.
 */
export function tokenize(text: string): string[] {
  const source = unwrapSlackLinks(text)
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let closing: string | null = null;
  for (const char of source) {
    if (closing !== null) {
      if (char === closing) closing = null;
      else current += char;
      continue;
    }
    // A quote opens a value only at the start of a word or right after `=`, so an apostrophe
    // inside a word (O'Brien) stays a letter.
    if (QUOTES[char] !== undefined && (!inWord || current.endsWith('='))) {
      closing = QUOTES[char] ?? null;
      inWord = true;
      continue;
    }
    if (/\s/.test(char)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
      continue;
    }
    current += char;
    inWord = true;
  }
  if (closing !== null) throw new UsageError('A quote is not closed.', 'Close every quoted value, for example --role "Website Manager".');
  if (inWord) words.push(current);
  return words;
}

function unwrapSlackLinks(text: string): string {
  // <mailto:a@b.c|a@b.c> → a@b.c ; <https://x|label> → label ; <https://x> → https://x
  return text.replace(/<(mailto:|https?:\/\/)([^>|]*)(?:\|([^>]*))?>/g, (_whole, scheme: string, target: string, label?: string) => {
    if (label !== undefined) return label;
    return scheme === 'mailto:' ? target : scheme + target;
  });
}

/**
 * Separates `--name value` flags from positional words. `--name=value` works too. A flag listed in
 * `booleanFlags` takes no value. Unknown flags are a usage error.
 */
export function parseArgs(words: string[], knownFlags: readonly string[], usage: string, booleanFlags: readonly string[] = []): ParsedArgs {
  const positionals: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    // Some clients turn -- into an em dash or an en dash.
    const normalized = word.startsWith('—') || word.startsWith('–') ? `--${word.slice(1)}` : word;
    if (!normalized.startsWith('--') || normalized.length < 3) {
      positionals.push(word);
      continue;
    }
    const [rawName, inlineValue] = splitOnce(normalized.slice(2), '=');
    const name = rawName.toLowerCase();
    if (!knownFlags.includes(name) && !booleanFlags.includes(name)) {
      throw new UsageError(`Unknown option --${name}.`, usage);
    }
    if (name in flags) throw new UsageError(`Option --${name} is given twice.`, usage);
    if (booleanFlags.includes(name)) {
      flags[name] = true;
      continue;
    }
    const value = inlineValue ?? words[++i];
    if (value === undefined || value === '' || value.startsWith('--')) throw new UsageError(`Option --${name} needs a value.`, usage);
    flags[name] = value;
  }
  return { positionals, flags };
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const index = text.indexOf(separator);
  return index === -1 ? [text, undefined] : [text.slice(0, index), text.slice(index + 1)];
}
