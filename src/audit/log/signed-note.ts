/**
 * Signed notes, checkpoints and cosignatures of the transparency log:
 * - c2sp.org/signed-note (the note format, key IDs, Ed25519 signatures, type 0x01);
 * - c2sp.org/tlog-checkpoint (the note text of a tree head);
 * - c2sp.org/tlog-cosignature (timestamped Ed25519 cosignatures, type 0x04).
 * Key strings follow golang.org/x/mod/sumdb/note:
 *   vkey  `<name>+<8 hex key ID>+<base64(type byte || 32-byte Ed25519 public key)>`
 *   skey  `PRIVATE+KEY+<name>+<8 hex key ID>+<base64(type byte || 32-byte Ed25519 seed)>`
 *
 * Pure functions over strings and Buffers; Ed25519 is node:crypto's. Every malformed input
 * throws a SignedNoteError whose message names what is wrong.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';

/** Signature type of plain Ed25519 note signatures (c2sp.org/signed-note, "Signature types"). */
export const SIG_ED25519 = 0x01;
/** Signature type of timestamped Ed25519 cosignatures (c2sp.org/tlog-cosignature). */
export const SIG_COSIGNATURE_V1 = 0x04;

/** Most signature lines a note may carry (as golang.org/x/mod/sumdb/note; the spec asks at least 16). */
export const MAX_SIGNATURES = 100;

/** A malformed key, note, checkpoint or signature line, or a signature that does not verify. */
export class SignedNoteError extends Error {
  override readonly name = 'SignedNoteError';
}

/** A signing key: `sign` returns the 64-byte Ed25519 signature of `message` (raw, no prefix). */
export interface NoteSigner {
  name: string;
  type: number;
  /** uint32, `keyId(name, type, publicKey)`. */
  keyId: number;
  /** The 32-byte Ed25519 public key. */
  publicKey: Buffer;
  sign(message: Buffer): Buffer;
}

/** A verifying key: `verify` checks a 64-byte Ed25519 signature of `message` (raw). */
export interface NoteVerifier {
  name: string;
  type: number;
  keyId: number;
  publicKey: Buffer;
  verify(message: Buffer, signature: Buffer): boolean;
}

/** A tree head as a checkpoint says it (c2sp.org/tlog-checkpoint "Note text"). */
export interface Checkpoint {
  /** The log's identity, first line; non-empty. */
  origin: string;
  /** Number of leaves. */
  size: number;
  /** The 32-byte RFC 6962 root hash of the tree of `size` leaves. */
  rootHash: Buffer;
  /** Opaque, non-empty lines after the root (NOT RECOMMENDED by the spec). */
  extensions?: string[];
}

/** One signature line of a note. */
export interface NoteSignature {
  /** The key name. */
  name: string;
  /** uint32 from the first 4 bytes of the decoded signature. */
  keyId: number;
  /** The decoded bytes after the 4-byte key ID (64 for Ed25519, 8 + 64 for a cosignature). */
  signature: Buffer;
  /** The line as written, without its newline: `— <name> <base64>`. */
  line: string;
}

const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const SIGNATURE_PREFIX = '\u2014 '; // em dash, space
const ED25519_SIGNATURE_SIZE = 64;
const TIMESTAMP_SIZE = 8;
const KEY_TYPES = new Set([SIG_ED25519, SIG_COSIGNATURE_V1]);

/**
 * The key ID of c2sp.org/signed-note: SHA-256(name || 0x0A || type || publicKey)[:4] as a
 * big-endian uint32. `name` is hashed as UTF-8.
 */
export function keyId(name: string, type: number, publicKey: Buffer): number {
  return createHash('sha256')
    .update(name, 'utf8')
    .update(Buffer.from([0x0a, type]))
    .update(publicKey)
    .digest()
    .readUInt32BE(0);
}

/**
 * A new Ed25519 key pair under `name`, as skey (private: keep secret) and vkey strings.
 * `type`: SIG_ED25519 (log keys, default) or SIG_COSIGNATURE_V1 (witness/cosigner keys).
 */
export function generateKey(name: string, type: number = SIG_ED25519): { skey: string; vkey: string } {
  checkName(name, 'key name');
  checkKeyType(type);
  const { privateKey } = generateKeyPairSync('ed25519');
  const seed = privateKey.export({ format: 'der', type: 'pkcs8' }).subarray(ED25519_PKCS8_PREFIX.length);
  const signer = signerOf(name, type, Buffer.from(seed));
  return {
    skey: `PRIVATE+KEY+${name}+${hex8(signer.keyId)}+${Buffer.concat([Buffer.from([type]), seed]).toString('base64')}`,
    vkey: verifierKeyOf(signer),
  };
}

/** Parses an skey `PRIVATE+KEY+<name>+<hex ID>+<base64(type || seed)>`; the ID must match the derived public key. */
export function parseSignerKey(skey: string): NoteSigner {
  const [private1, private2, rest] = chopTwice(skey);
  if (private1 !== 'PRIVATE' || private2 !== 'KEY')
    throw new SignedNoteError('signer key: does not start with PRIVATE+KEY+');
  const { name, id, type, key } = parseKeyParts(rest, 'signer key');
  const signer = signerOf(name, type, key);
  if (signer.keyId !== id)
    throw new SignedNoteError(
      `signer key: key ID ${hex8(id)} does not match the key (${hex8(signer.keyId)} for ${name})`,
    );
  return signer;
}

/** Parses a vkey `<name>+<hex ID>+<base64(type || public key)>`, type 0x01 or 0x04; the ID must match. */
export function parseVerifierKey(vkey: string): NoteVerifier {
  const { name, id, type, key } = parseKeyParts(vkey, 'verifier key');
  const expected = keyId(name, type, key);
  if (expected !== id)
    throw new SignedNoteError(
      `verifier key: key ID ${hex8(id)} does not match the key (${hex8(expected)} for ${name})`,
    );
  let publicKey: KeyObject;
  try {
    publicKey = createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, key]), format: 'der', type: 'spki' });
  } catch {
    throw new SignedNoteError('verifier key: the public key is not an Ed25519 public key');
  }
  return {
    name,
    type,
    keyId: id,
    publicKey: key,
    verify: (message, signature) =>
      signature.length === ED25519_SIGNATURE_SIZE && verify(null, message, publicKey, signature),
  };
}

/** The vkey string of a signer's public key. */
export function verifierKeyOf(signer: NoteSigner): string {
  const material = Buffer.concat([Buffer.from([signer.type]), signer.publicKey]);
  return `${signer.name}+${hex8(signer.keyId)}+${material.toString('base64')}`;
}

/** The note text of a checkpoint: origin\n size\n base64(root)\n [extension\n]… (c2sp.org/tlog-checkpoint). */
export function formatCheckpoint(c: Checkpoint): string {
  checkNoteLine(c.origin, 'checkpoint origin');
  checkSize(c.size);
  if (!Buffer.isBuffer(c.rootHash) || c.rootHash.length !== 32)
    throw new SignedNoteError(`checkpoint root hash: must be 32 bytes, got ${c.rootHash?.length}`);
  const extensions = c.extensions ?? [];
  extensions.forEach((line, i) => checkNoteLine(line, `checkpoint extension line ${i + 1}`));
  return [c.origin, String(c.size), c.rootHash.toString('base64'), ...extensions].map((line) => `${line}\n`).join('');
}

/**
 * Parses checkpoint note text (the note's `text`, not the signed note): at least three lines,
 * each ending in \n; a non-empty origin; the size in decimal without leading zeros; the root as
 * standard padded base64 of 32 bytes; non-empty extension lines.
 */
export function parseCheckpoint(text: string): Checkpoint {
  checkNoteCharacters(text, 'checkpoint');
  if (!text.endsWith('\n')) throw new SignedNoteError('checkpoint: the text must end with a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3)
    throw new SignedNoteError(`checkpoint: needs origin, size and root hash lines, got ${lines.length} line(s)`);
  const [origin, size, root, ...extensions] = lines as [string, string, string, ...string[]];
  if (origin === '') throw new SignedNoteError('checkpoint origin: is empty');
  if (!/^(0|[1-9][0-9]*)$/.test(size))
    throw new SignedNoteError(`checkpoint size: "${size}" is not a decimal number without leading zeros`);
  const treeSize = Number(size);
  if (!Number.isSafeInteger(treeSize)) throw new SignedNoteError(`checkpoint size: ${size} is above 2^53 − 1`);
  const rootHash = decodeBase64(root, 'checkpoint root hash');
  if (rootHash.length !== 32)
    throw new SignedNoteError(`checkpoint root hash: decodes to ${rootHash.length} bytes, not 32`);
  extensions.forEach((line, i) => {
    if (line === '')
      throw new SignedNoteError(
        `checkpoint extension line ${i + 1}: is empty (pass the note text, parseNote(note).text, not the signed note)`,
      );
  });
  return extensions.length > 0
    ? { origin, size: treeSize, rootHash, extensions }
    : { origin, size: treeSize, rootHash };
}

/**
 * Signs note text (ending in \n) with Ed25519 (type 0x01) signers: the text, a blank line, then
 * one `— <name> base64(keyID || signature)` line per distinct signer (c2sp.org/signed-note).
 * Cosigner keys (type 0x04) sign with `cosign`.
 */
export function signNote(text: string, signers: NoteSigner[]): string {
  checkNoteText(text);
  if (signers.length === 0) throw new SignedNoteError('signNote: no signers');
  const message = Buffer.from(text, 'utf8');
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const signer of signers) {
    checkName(signer.name, 'signer name');
    if (signer.type !== SIG_ED25519)
      throw new SignedNoteError(
        `signNote: ${signer.name} is a key of type 0x${signer.type.toString(16).padStart(2, '0')}; only Ed25519 (0x01) keys sign notes (cosign for 0x04)`,
      );
    const key = `${signer.name}+${hex8(signer.keyId)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    lines.push(signatureLine(signer.name, signer.keyId, signer.sign(message)));
  }
  return `${text}\n${lines.map((line) => `${line}\n`).join('')}`;
}

/**
 * Splits a signed note into its text and signature lines without verifying anything
 * (c2sp.org/signed-note "Format"): the text is everything up to and including the newline before
 * the last blank line; then 1…MAX_SIGNATURES lines `— <name> <base64>`, each ending in \n, whose
 * decoded bytes are a 4-byte key ID and at least one byte of signature. No control characters
 * other than \n, and well-formed Unicode.
 */
export function parseNote(note: string): { text: string; signatures: NoteSignature[] } {
  checkNoteCharacters(note, 'note');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new SignedNoteError('note: no blank line separates the text from the signatures');
  const text = note.slice(0, split + 1);
  const block = note.slice(split + 2);
  if (block === '') throw new SignedNoteError('note: has no signatures');
  if (!block.endsWith('\n')) throw new SignedNoteError('note: the last signature line does not end with a newline');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES)
    throw new SignedNoteError(`note: has ${lines.length} signatures, more than ${MAX_SIGNATURES}`);
  return { text, signatures: lines.map((line, i) => parseSignatureLine(line, `note signature line ${i + 1}`)) };
}

/**
 * Opens a signed note with the trusted keys (c2sp.org/signed-note "Signatures"): a signature
 * whose name and key ID do not both match a verifier is ignored; one that matches must verify
 * (otherwise SignedNoteError, the whole note is rejected); at least one must verify. Only
 * Ed25519 (0x01) verifiers are used here: cosignatures (0x04) are checked with verifyCosignature,
 * so a cosigner's key in `verifiers` is ignored. Two verifiers with the same name and ID: error.
 * Returns the note text and the verifiers whose signatures verified (each once).
 */
export function verifyNote(note: string, verifiers: NoteVerifier[]): { text: string; verified: NoteVerifier[] } {
  const { text, signatures } = parseNote(note);
  const known = new Map<string, NoteVerifier>();
  for (const verifier of verifiers) {
    if (verifier.type !== SIG_ED25519) continue;
    const key = `${verifier.name}+${hex8(verifier.keyId)}`;
    if (known.has(key)) throw new SignedNoteError(`verifyNote: two verifiers for the key ${key}`);
    known.set(key, verifier);
  }
  const message = Buffer.from(text, 'utf8');
  const verified = new Set<NoteVerifier>();
  const checkedLines = new Set<string>();
  for (const signature of signatures) {
    const key = `${signature.name}+${hex8(signature.keyId)}`;
    const verifier = known.get(key);
    if (verifier === undefined || checkedLines.has(signature.line)) continue;
    if (!verifier.verify(message, signature.signature))
      throw new SignedNoteError(`verifyNote: invalid signature for key ${key}`);
    checkedLines.add(signature.line);
    verified.add(verifier);
  }
  if (verified.size === 0) throw new SignedNoteError('verifyNote: no signature from a trusted key');
  return { text, verified: [...verified] };
}

/**
 * The message a cosigner signs (c2sp.org/tlog-cosignature "Ed25519 signed message"):
 * "cosignature/v1\ntime <timestamp>\n" followed by the checkpoint note text.
 */
export function cosignatureMessage(checkpointText: string, timestamp: number): Buffer {
  return Buffer.from(`cosignature/v1\ntime ${timestamp}\n${checkpointText}`, 'utf8');
}

/**
 * Cosigns checkpoint note text (c2sp.org/tlog-cosignature) with a type 0x04 key at `timestamp`
 * (POSIX seconds). Returns the signature line, without a newline:
 * `— <name> base64(keyID || u64 big-endian timestamp || Ed25519 signature)`.
 */
export function cosign(checkpointText: string, signer: NoteSigner, timestamp: number): string {
  if (signer.type !== SIG_COSIGNATURE_V1)
    throw new SignedNoteError(
      `cosign: ${signer.name} is a key of type 0x${signer.type.toString(16).padStart(2, '0')}, not a cosignature key (0x04)`,
    );
  checkName(signer.name, 'signer name');
  parseCheckpoint(checkpointText);
  checkTimestamp(timestamp);
  const signature = signer.sign(cosignatureMessage(checkpointText, timestamp));
  const stamp = Buffer.alloc(TIMESTAMP_SIZE);
  stamp.writeBigUInt64BE(BigInt(timestamp));
  return signatureLine(signer.name, signer.keyId, Buffer.concat([stamp, signature]));
}

/**
 * Checks one cosignature line (with or without its newline) on checkpoint note text against a
 * cosigner's key (type 0x04). null when the line's name or key ID is not this verifier's (another
 * key's line); SignedNoteError when they match but the line is malformed or the signature fails.
 * Returns the cosignature's timestamp (POSIX seconds).
 */
export function verifyCosignature(
  checkpointText: string,
  line: string,
  verifier: NoteVerifier,
): { timestamp: number } | null {
  if (verifier.type !== SIG_COSIGNATURE_V1)
    throw new SignedNoteError(`verifyCosignature: ${verifier.name} is not a cosignature key (0x04)`);
  const signature = parseSignatureLine(line.endsWith('\n') ? line.slice(0, -1) : line, 'cosignature line');
  if (signature.name !== verifier.name || signature.keyId !== verifier.keyId) return null;
  const key = `${signature.name}+${hex8(signature.keyId)}`;
  if (signature.signature.length !== TIMESTAMP_SIZE + ED25519_SIGNATURE_SIZE)
    throw new SignedNoteError(
      `verifyCosignature: the signature of ${key} is ${signature.signature.length} bytes, not ${TIMESTAMP_SIZE + ED25519_SIGNATURE_SIZE}`,
    );
  const stamp = signature.signature.readBigUInt64BE(0);
  if (stamp > BigInt(Number.MAX_SAFE_INTEGER))
    throw new SignedNoteError(`verifyCosignature: the timestamp of ${key} (${stamp}) is out of range`);
  const timestamp = Number(stamp);
  const message = cosignatureMessage(checkpointText, timestamp);
  if (!verifier.verify(message, signature.signature.subarray(TIMESTAMP_SIZE)))
    throw new SignedNoteError(`verifyCosignature: invalid cosignature for key ${key}`);
  return { timestamp };
}

/**
 * Appends signature lines (each `— <name> <base64>`, with or without its newline) to a signed
 * note. A line whose key (name and key ID) has already signed the note is not added: the first
 * signature of a key stays. At most MAX_SIGNATURES in all.
 */
export function addSignatures(note: string, lines: string[]): string {
  const { signatures } = parseNote(note);
  const keys = new Set(signatures.map((s) => `${s.name}+${hex8(s.keyId)}`));
  let result = note;
  let count = signatures.length;
  lines.forEach((raw, i) => {
    const signature = parseSignatureLine(raw.endsWith('\n') ? raw.slice(0, -1) : raw, `added signature line ${i + 1}`);
    const key = `${signature.name}+${hex8(signature.keyId)}`;
    if (keys.has(key)) return;
    keys.add(key);
    if (++count > MAX_SIGNATURES) throw new SignedNoteError(`addSignatures: more than ${MAX_SIGNATURES} signatures`);
    result += `${signature.line}\n`;
  });
  return result;
}

function signerOf(name: string, type: number, seed: Buffer): NoteSigner {
  if (seed.length !== 32) throw new SignedNoteError(`signer key: the Ed25519 seed is ${seed.length} bytes, not 32`);
  const privateKey = createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const publicKey = Buffer.from(
    createPublicKey(privateKey).export({ format: 'der', type: 'spki' }).subarray(ED25519_SPKI_PREFIX.length),
  );
  return {
    name,
    type,
    keyId: keyId(name, type, publicKey),
    publicKey,
    sign: (message) => sign(null, message, privateKey),
  };
}

/** `<name>+<8 hex>+<base64(type || 32 bytes)>` → its parts, checked (not the key ID's match). */
function parseKeyParts(text: string, what: string): { name: string; id: number; type: number; key: Buffer } {
  const [name, idHex, material] = chopTwice(text);
  checkName(name, `${what} name`);
  if (!/^[0-9a-fA-F]{8}$/.test(idHex))
    throw new SignedNoteError(`${what}: key ID "${idHex}" is not 8 hexadecimal digits`);
  const bytes = decodeBase64(material, `${what} material`);
  if (bytes.length === 0) throw new SignedNoteError(`${what}: the key material is empty`);
  const type = bytes[0]!;
  checkKeyType(type, what);
  const key = bytes.subarray(1);
  if (key.length !== 32)
    throw new SignedNoteError(`${what}: the Ed25519 key is ${key.length} bytes, not 32 (after the type byte)`);
  return { name, id: parseInt(idHex, 16), type, key: Buffer.from(key) };
}

/** Splits at the first two '+' (names and IDs have none; base64 may). */
function chopTwice(text: string): [string, string, string] {
  const first = text.indexOf('+');
  const second = first < 0 ? -1 : text.indexOf('+', first + 1);
  if (second < 0) return [first < 0 ? text : text.slice(0, first), '', ''];
  return [text.slice(0, first), text.slice(first + 1, second), text.slice(second + 1)];
}

function parseSignatureLine(line: string, what: string): NoteSignature {
  if (!line.startsWith(SIGNATURE_PREFIX))
    throw new SignedNoteError(`${what}: does not start with an em dash and a space`);
  const rest = line.slice(SIGNATURE_PREFIX.length);
  const space = rest.indexOf(' ');
  if (space < 0) throw new SignedNoteError(`${what}: no space between the key name and the signature`);
  const name = rest.slice(0, space);
  checkName(name, `${what} key name`);
  const bytes = decodeBase64(rest.slice(space + 1), `${what} signature`);
  if (bytes.length < 5)
    throw new SignedNoteError(`${what}: the signature is ${bytes.length} bytes, less than a key ID and a signature`);
  return { name, keyId: bytes.readUInt32BE(0), signature: Buffer.from(bytes.subarray(4)), line };
}

function signatureLine(name: string, id: number, signature: Buffer): string {
  const prefix = Buffer.alloc(4);
  prefix.writeUInt32BE(id);
  return `${SIGNATURE_PREFIX}${name} ${Buffer.concat([prefix, signature]).toString('base64')}`;
}

/** Key names: non-empty, no Unicode space (as Go's unicode.IsSpace), no '+', no control character (signed-note "Format"). */
function checkName(name: string, what: string): void {
  if (typeof name !== 'string' || name === '') throw new SignedNoteError(`${what}: is empty`);
  if (name.includes('+')) throw new SignedNoteError(`${what}: "${name}" contains '+'`);
  if (/[\p{Z}\t\n\v\f\r\u0085]/u.test(name)) throw new SignedNoteError(`${what}: "${name}" contains a space`);
  checkNoteCharacters(name, what);
}

/** Well-formed Unicode (encodes as valid UTF-8) and no ASCII control character but \n. */
function checkNoteCharacters(text: string, what: string): void {
  if (Buffer.from(text, 'utf8').toString('utf8') !== text)
    throw new SignedNoteError(`${what}: is not valid Unicode (a lone surrogate)`);
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  const control = /[\u0000-\u0009\u000b-\u001f]/.exec(text);
  if (control)
    throw new SignedNoteError(
      `${what}: contains the control character U+${control[0].charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
}

function checkNoteText(text: string): void {
  checkNoteCharacters(text, 'note text');
  if (!text.endsWith('\n')) throw new SignedNoteError('note text: must end with a newline');
}

function checkNoteLine(line: string, what: string): void {
  if (typeof line !== 'string' || line === '') throw new SignedNoteError(`${what}: is empty`);
  if (line.includes('\n')) throw new SignedNoteError(`${what}: contains a newline`);
  checkNoteCharacters(line, what);
}

function checkSize(size: number): void {
  if (!Number.isSafeInteger(size) || size < 0)
    throw new SignedNoteError(`checkpoint size: must be a non-negative integer up to 2^53 − 1, got ${String(size)}`);
}

function checkTimestamp(timestamp: number): void {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0)
    throw new SignedNoteError(`cosign: the timestamp must be non-negative integer seconds, got ${String(timestamp)}`);
}

function checkKeyType(type: number, what = 'key'): void {
  if (!KEY_TYPES.has(type))
    throw new SignedNoteError(
      `${what}: type 0x${type.toString(16).padStart(2, '0')} is not Ed25519 (0x01) or an Ed25519 cosignature key (0x04)`,
    );
}

/** Standard padded base64 (RFC 4648 §4), canonical: Buffer.from alone would skip bad characters. */
function decodeBase64(text: string, what: string): Buffer {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text) || text === '')
    throw new SignedNoteError(`${what}: is not standard padded base64`);
  const bytes = Buffer.from(text, 'base64');
  if (bytes.toString('base64') !== text) throw new SignedNoteError(`${what}: is not canonical base64`);
  return bytes;
}

function hex8(id: number): string {
  return id.toString(16).padStart(8, '0');
}
