import { LOG_ORIGIN_MAX_LENGTH, SHA256_BASE64_LENGTH, base64Length } from '../../../platform/index.js';
import { MAX_SIGNATURES } from '../signed-note.js';

/**
 * The sizes of what the log serves, from what bounds them: hashes are SHA-256, names come
 * from LOG_ORIGIN and registered witness keys, notes carry at most MAX_SIGNATURES lines.
 */

/** A witness key as registered (its name is shorter). */
export const WITNESS_KEY_MAX_LENGTH = 500;

/** A SHA-256 hash (leaf hash, root, proof node) in base64: 44 characters. */
export const HASH_BASE64_LENGTH = SHA256_BASE64_LENGTH;
export const hash = (description: string) =>
  ({
    type: 'string',
    format: 'byte',
    minLength: HASH_BASE64_LENGTH,
    maxLength: HASH_BASE64_LENGTH,
    description,
  }) as const;
/** A verifier key (`<name>+<8 hex key ID>+<base64(type || 32-byte key)>`); the log's is named by its origin. */
export const LOG_VERIFIER_KEY_MAX_LENGTH = LOG_ORIGIN_MAX_LENGTH + 1 + 8 + 1 + base64Length(33);
/** The longest key name on a note: the log's (its origin) or a witness's (shorter than its key). */
const KEY_NAME_MAX_LENGTH = Math.max(LOG_ORIGIN_MAX_LENGTH, WITNESS_KEY_MAX_LENGTH);
/** `— <name> <base64(key ID (4) || timestamp (8) || Ed25519 signature (64))>` and its newline. */
const SIGNATURE_LINE_MAX_LENGTH = 2 + KEY_NAME_MAX_LENGTH + 1 + base64Length(4 + 8 + 64) + 1;
/** The checkpoint text this log signs: origin, size (at most 16 digits), base64 root, one a line. */
const CHECKPOINT_TEXT_MAX_LENGTH = LOG_ORIGIN_MAX_LENGTH + 1 + 16 + 1 + HASH_BASE64_LENGTH + 1;
/** A signed checkpoint note: its text, a blank line, at most MAX_SIGNATURES signature lines (addSignatures refuses more). */
export const NOTE_MAX_LENGTH = CHECKPOINT_TEXT_MAX_LENGTH + 1 + MAX_SIGNATURES * SIGNATURE_LINE_MAX_LENGTH;
/**
 * Hashes in an RFC 9162 proof: an inclusion path has one a level (at most 53 for 2^53 − 1
 * leaves), a consistency proof at most one more.
 */
export const PROOF_MAX_HASHES = 64;
export const proof = (description: string) =>
  ({ type: 'array', maxItems: PROOF_MAX_HASHES, items: hash('Base64.'), description }) as const;
