import { z } from 'zod';
import { InputError } from '../errors.js';
import { MAX_INVITEES_PER_CALL } from '../wix/invites.js';

/** Key of the email addresses in InputError.fields; the form maps it to its own block_id. */
export const EMAILS_FIELD = 'emails';

/**
 * An address whose local part is an RFC 5322 dot-atom: atext characters (letters, digits and
 * ! # $ % & ' * + / = ? ^ _ ` { | } ~ -) in runs joined by single dots. zod's default pattern
 * (zod 4) rejects some of these, such as `&`. Quoted local parts, IP literals and non-ASCII
 * addresses are rejected. The domain has at least two labels of letters, digits and inner
 * hyphens, and a top-level label of two or more letters.
 */
const ADDRESS_PATTERN = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}$/;

// 254 characters is the longest address SMTP can carry (RFC 5321 path limit minus the brackets).
const emailSchema = z.email({ pattern: ADDRESS_PATTERN }).max(254);

/** The addresses of one request after validation and case-insensitive folding. */
export interface AddressCheck {
  /** Valid addresses to invite, each once, in the order first given and as first spelled. */
  valid: string[];
  /** Entries that are not email addresses, each once, as typed. */
  invalid: string[];
  /** Repeats that were dropped: the repeated text and the address it was folded into. */
  duplicates: Array<{ given: string; keptAs: string }>;
}

/** Splits text on commas, semicolons and whitespace (spaces and newlines). */
export function splitAddresses(texts: readonly string[]): string[] {
  return texts.flatMap((text) => text.split(/[\s,;]+/)).filter((entry) => entry !== '');
}

/**
 * Validates each address with zod and folds repeats case-insensitively. Throws InputError when
 * no entry is given, or when more distinct entries are given than one Create Invite call takes,
 * because sending part of a list would leave the user to work out which part.
 */
export function checkAddresses(entries: readonly string[]): AddressCheck {
  const result: AddressCheck = { valid: [], invalid: [], duplicates: [] };
  const seen = new Map<string, string>();
  for (const entry of entries) {
    const key = entry.toLowerCase();
    const kept = seen.get(key);
    if (kept !== undefined) {
      result.duplicates.push({ given: entry, keptAs: kept });
      continue;
    }
    seen.set(key, entry);
    if (emailSchema.safeParse(entry).success) result.valid.push(entry);
    else result.invalid.push(entry);
  }

  if (seen.size === 0) {
    throw new InputError('No email address was given. Give one or more addresses, separated by commas or spaces.', {
      [EMAILS_FIELD]: 'Enter at least one email address.',
    });
  }
  if (seen.size > MAX_INVITEES_PER_CALL) {
    const message = `${seen.size} different addresses were given, but one invite takes at most ${MAX_INVITEES_PER_CALL}. Split the list and send the rest in another invite.`;
    throw new InputError(message, { [EMAILS_FIELD]: message });
  }
  return result;
}
