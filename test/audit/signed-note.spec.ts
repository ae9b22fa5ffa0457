import { createPublicKey, verify } from 'node:crypto';
import {
  type NoteVerifier,
  SIG_COSIGNATURE_V1,
  SIG_ED25519,
  addSignatures,
  cosign,
  cosignatureMessage,
  formatCheckpoint,
  generateKey,
  keyId,
  parseCheckpoint,
  parseNote,
  parseSignerKey,
  parseVerifierKey,
  signNote,
  verifierKeyOf,
  verifyCosignature,
  verifyNote,
} from '../../src/audit/log/signed-note.js';

/**
 * Signed notes against published vectors: golang.org/x/mod/sumdb/note's test keys and signatures
 * (note_test.go), the examples of c2sp.org/signed-note, tlog-checkpoint and tlog-cosignature, and
 * the cosignature timestamp vector of transparency-dev/formats (note_cosigv1_test.go).
 */
const PETER_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const ENOCH_VKEY = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG =
  '\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_SIG =
  '\u2014 EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';

/** c2sp.org/tlog-checkpoint's example, and its log signature. */
const CHECKPOINT_TEXT = 'example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
const CHECKPOINT_LOG_SIG =
  '\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=';
/** c2sp.org/tlog-cosignature's example cosignature of that checkpoint. */
const COSIGNATURE_LINE =
  '\u2014 witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==';

const peter = () => parseVerifierKey(PETER_VKEY);
const enoch = () => parseVerifierKey(ENOCH_VKEY);

describe('keys (golang.org/x/mod/sumdb/note encodings)', () => {
  it('parses the published signer key and derives the published verifier key', () => {
    const signer = parseSignerKey(PETER_SKEY);
    expect(signer.name).toBe('PeterNeumann');
    expect(signer.type).toBe(SIG_ED25519);
    expect(signer.keyId).toBe(0xc74f20a3);
    expect(verifierKeyOf(signer)).toBe(PETER_VKEY);
  });

  it('parses the published verifier key; its ID is SHA-256(name || 0x0A || type || key)[:4]', () => {
    const verifier = peter();
    expect(verifier.name).toBe('PeterNeumann');
    expect(verifier.type).toBe(SIG_ED25519);
    expect(verifier.keyId).toBe(0xc74f20a3);
    expect(verifier.publicKey.toString('base64')).toBe('GlzZBxQ8OExB6DDFvOEqqIF+xWSaqr8sMTiLNbLXRNY=');
    expect(keyId('PeterNeumann', SIG_ED25519, verifier.publicKey)).toBe(0xc74f20a3);
    expect(enoch().keyId).toBe(0xaf0cfe78);
  });

  it('refuses every truncation and every one-byte change of the verifier key', () => {
    const accepted: string[] = [];
    const tryKey = (k: string) => {
      try {
        parseVerifierKey(k);
        accepted.push(k);
      } catch {
        // expected
      }
    };
    for (let i = 0; i <= PETER_VKEY.length; i++)
      for (let j = i + 1; j <= PETER_VKEY.length; j++)
        if (i !== 0 || j !== PETER_VKEY.length) tryKey(PETER_VKEY.slice(i, j));
    for (let i = 0; i < PETER_VKEY.length; i++)
      tryKey(PETER_VKEY.slice(0, i) + String.fromCharCode(PETER_VKEY.charCodeAt(i) + 1) + PETER_VKEY.slice(i + 1));
    expect(accepted).toEqual([]);
  });

  it('refuses every truncation and every one-byte change of the signer key', () => {
    const accepted: string[] = [];
    const tryKey = (k: string) => {
      try {
        parseSignerKey(k);
        accepted.push(k);
      } catch {
        // expected
      }
    };
    for (let i = 0; i <= PETER_SKEY.length; i++)
      for (let j = i + 1; j <= PETER_SKEY.length; j++)
        if (i !== 0 || j !== PETER_SKEY.length) tryKey(PETER_SKEY.slice(i, j));
    for (let i = 0; i < PETER_SKEY.length; i++)
      tryKey(PETER_SKEY.slice(0, i) + String.fromCharCode(PETER_SKEY.charCodeAt(i) + 1) + PETER_SKEY.slice(i + 1));
    expect(accepted).toEqual([]);
  });

  it('says what is wrong with a malformed key', () => {
    // Go's two: a wrong-length key and an unknown algorithm, each with its key ID adjusted. The first is
    // also non-canonical base64 (its last character has bits past the end), refused before its length.
    expect(() =>
      parseVerifierKey('PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=='),
    ).toThrow('verifier key material: is not canonical base64');
    expect(() => parseVerifierKey('PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWAA==')).toThrow(
      'verifier key: the Ed25519 key is 33 bytes, not 32 (after the type byte)',
    );
    expect(() => parseVerifierKey('PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10Q=')).toThrow(
      'verifier key: the Ed25519 key is 31 bytes, not 32 (after the type byte)',
    );
    expect(() => parseVerifierKey('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')).toThrow(
      'verifier key: type 0x65 is not Ed25519 (0x01) or an Ed25519 cosignature key (0x04)',
    );
    expect(() => parseVerifierKey('Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')).toThrow(
      'verifier key name: "Peter Neumann" contains a space',
    );
    expect(() => parseVerifierKey('Peter\u00a0Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')).toThrow(
      /contains a space/,
    );
    expect(() => parseVerifierKey('PeterNeumann+c74f20ag+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')).toThrow(
      'verifier key: key ID "c74f20ag" is not 8 hexadecimal digits',
    );
    expect(() => parseVerifierKey('PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')).toThrow(
      'verifier key: key ID c74f20a4 does not match the key (c74f20a3 for PeterNeumann)',
    );
    expect(() => parseVerifierKey('PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq_LDE4izWy10TW')).toThrow(
      'verifier key material: is not standard padded base64',
    );
    expect(() =>
      parseSignerKey('PRIVATE+KEY+PeterNeumann+c74f20a4+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz'),
    ).toThrow('signer key: key ID c74f20a4 does not match the key (c74f20a3 for PeterNeumann)');
    expect(() => parseSignerKey(PETER_VKEY)).toThrow('signer key: does not start with PRIVATE+KEY+');
    expect(() => generateKey('a+b')).toThrow(`key name: "a+b" contains '+'`);
    expect(() => generateKey('')).toThrow('key name: is empty');
    expect(() => generateKey('log', 0x02)).toThrow(/type 0x02/);
  });

  it.each([SIG_ED25519, SIG_COSIGNATURE_V1])('generates keys of type %i that parse back and agree', (type) => {
    const { skey, vkey } = generateKey('tansiq.example/log', type);
    expect(skey).toMatch(/^PRIVATE\+KEY\+tansiq\.example\/log\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$/);
    const signer = parseSignerKey(skey);
    const verifier = parseVerifierKey(vkey);
    expect(verifierKeyOf(signer)).toBe(vkey);
    expect([verifier.name, verifier.type, verifier.keyId]).toEqual(['tansiq.example/log', type, signer.keyId]);
    expect(signer.keyId).toBe(keyId('tansiq.example/log', type, verifier.publicKey));
    const message = Buffer.from('hi');
    const signature = signer.sign(message);
    expect(signature).toHaveLength(64);
    expect(verifier.verify(message, signature)).toBe(true);
    expect(verifier.verify(Buffer.from('ho'), signature)).toBe(false);
    expect(
      verifier.verify(message, Buffer.concat([signature.subarray(0, 63), Buffer.from([signature[63]! ^ 1])])),
    ).toBe(false);
  });
});

describe('signed notes (c2sp.org/signed-note)', () => {
  it('signs the published text into exactly the published note', () => {
    expect(signNote(TEXT, [parseSignerKey(PETER_SKEY)])).toBe(`${TEXT}\n${PETER_SIG}`);
  });

  it('splits a note at its last blank line (the spec example has a blank line in its text)', () => {
    const note =
      'Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned \u00e8 subito sera.\n\n' +
      '\u2014 quasimodo.example/salvatore NnugSzTjtVAewIS+Z/iJhUPeFDkO/5QQ2i5ddnGITLlC+EhfLW9oJKONrMouFSQU0xMcXxj99ihAQwaqP3ZekRwNtIc=\n';
    const { text, signatures } = parseNote(note);
    expect(text).toBe(
      'Ognuno sta solo sul cuor della terra\ntrafitto da un raggio di sole:\n\ned \u00e8 subito sera.\n',
    );
    expect(signatures).toHaveLength(1);
    expect(signatures[0]!.name).toBe('quasimodo.example/salvatore');
    expect(signatures[0]!.keyId).toBe(0x367ba04b);
    expect(signatures[0]!.signature).toHaveLength(64);
  });

  it('verifies with the known key and ignores the unknown one', () => {
    const note = `${TEXT}\n${PETER_SIG}${ENOCH_SIG}`;
    const one = verifyNote(note, [peter()]);
    expect(one.text).toBe(TEXT);
    expect(one.verified.map((v) => v.name)).toEqual(['PeterNeumann']);
    const both = verifyNote(note, [peter(), enoch()]);
    expect(both.verified.map((v) => v.name)).toEqual(['PeterNeumann', 'EnochRoot']);
    expect(() => verifyNote(note, [])).toThrow('verifyNote: no signature from a trusted key');
  });

  it('ignores signatures that share only the name or only the key ID of a known key', () => {
    const samePeterName = parseVerifierKey(generateKey('PeterNeumann').vkey);
    expect(samePeterName.keyId).not.toBe(0xc74f20a3);
    const sameId: NoteVerifier = { ...peter(), name: 'CarmenSandiego', verify: () => false };
    expect(() => verifyNote(`${TEXT}\n${PETER_SIG}`, [samePeterName, sameId])).toThrow(
      'verifyNote: no signature from a trusted key',
    );
  });

  it('rejects the whole note when a known key signature fails: tampered text or signature', () => {
    expect(() => verifyNote(`${TEXT.replace('answer', 'question')}\n${PETER_SIG}`, [peter()])).toThrow(
      'verifyNote: invalid signature for key PeterNeumann+c74f20a3',
    );
    const b64 = PETER_SIG.slice('\u2014 PeterNeumann '.length, -1);
    const flipped = b64.slice(0, 20) + (b64[20] === 'A' ? 'B' : 'A') + b64.slice(21);
    expect(() => verifyNote(`${TEXT}\n\u2014 PeterNeumann ${flipped}\n`, [peter()])).toThrow(
      'verifyNote: invalid signature for key PeterNeumann+c74f20a3',
    );
    // Go's: four extra base64 characters inside the signature.
    const longer = `\u2014 PeterNeumann ${b64.slice(0, 43)}ABCD${b64.slice(43)}\n`;
    expect(() => verifyNote(`${TEXT}\n${longer}`, [peter()])).toThrow(
      'verifyNote: invalid signature for key PeterNeumann+c74f20a3',
    );
    // Even next to a good signature of the same key.
    expect(() => verifyNote(`${TEXT}\n${PETER_SIG}${longer}`, [peter()])).toThrow(/invalid signature/);
  });

  it('accepts repeated lines and a bad signature from an unknown key', () => {
    const b64 = ENOCH_SIG.slice('\u2014 EnochRoot '.length, -1);
    const enochABCD = `\u2014 EnochRoot ${b64.slice(0, 46)}ABCD${b64.slice(46)}\n`;
    const note = `${TEXT}\n${PETER_SIG}${PETER_SIG}${ENOCH_SIG}${ENOCH_SIG}${enochABCD}`;
    expect(verifyNote(note, [peter()]).verified.map((v) => v.name)).toEqual(['PeterNeumann']);
    expect(() => verifyNote(note, [peter(), enoch()])).toThrow(
      'verifyNote: invalid signature for key EnochRoot+af0cfe78',
    );
  });

  it('refuses two trusted keys with the same name and ID', () => {
    expect(() => verifyNote(`${TEXT}\n${PETER_SIG}`, [enoch(), peter(), enoch()])).toThrow(
      'verifyNote: two verifiers for the key EnochRoot+af0cfe78',
    );
  });

  it('takes 100 signatures and no more', () => {
    expect(verifyNote(`${TEXT}\n${PETER_SIG.repeat(100)}`, [peter()]).verified).toHaveLength(1);
    expect(() => parseNote(`${TEXT}\n${PETER_SIG.repeat(101)}`)).toThrow('note: has 101 signatures, more than 100');
  });

  it.each([
    ['no signatures, no blank line', TEXT, 'note: no blank line separates the text from the signatures'],
    ['a blank line and no signatures', `${TEXT}\n`, 'note: has no signatures'],
    [
      'no final newline',
      `${TEXT}\n${PETER_SIG.slice(0, -1)}`,
      'note: the last signature line does not end with a newline',
    ],
    ['a control character', `\u0001${TEXT}\n${PETER_SIG}`, 'note: contains the control character U+0001'],
    ['a carriage return', `${TEXT.replace('\n', '\r\n')}\n${PETER_SIG}`, 'note: contains the control character U+000d'],
    ['a lone surrogate', `\ud800${TEXT}\n${PETER_SIG}`, 'note: is not valid Unicode (a lone surrogate)'],
    [
      'a name with a space',
      `${TEXT}\n\u2014 Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`,
      'note signature line 1 signature: is not standard padded base64',
    ],
    [
      'a line after the signatures',
      `${TEXT}\n${PETER_SIG}Unexpected line.\n`,
      /line 2: does not start with an em dash/,
    ],
    ['a hyphen for the em dash', `${TEXT}\n${PETER_SIG.replace('\u2014', '-')}`, /does not start with an em dash/],
    [
      'a signature of 4 bytes',
      `${TEXT}\n\u2014 PeterNeumann x08gow==\n`,
      /is 4 bytes, less than a key ID and a signature/,
    ],
  ])('refuses a note with %s', (_what, note, message) => {
    expect(() => parseNote(note)).toThrow(message);
    expect(() => verifyNote(note, [peter()])).toThrow(message);
  });

  it('signs only text that ends in a newline, only with Ed25519 (0x01) keys', () => {
    const signer = parseSignerKey(PETER_SKEY);
    expect(() => signNote('abc', [signer])).toThrow('note text: must end with a newline');
    expect(() => signNote(TEXT, [])).toThrow('signNote: no signers');
    const cosigner = parseSignerKey(generateKey('witness.example/w1', SIG_COSIGNATURE_V1).skey);
    expect(() => signNote(TEXT, [cosigner])).toThrow(/only Ed25519 \(0x01\) keys sign notes/);
    expect(signNote(TEXT, [signer, signer])).toBe(`${TEXT}\n${PETER_SIG}`);
  });
});

describe('checkpoints (c2sp.org/tlog-checkpoint)', () => {
  const root = Buffer.from('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=', 'base64');

  it('parses and formats the spec example', () => {
    const parsed = parseCheckpoint(CHECKPOINT_TEXT);
    expect(parsed).toEqual({ origin: 'example.com/behind-the-sofa', size: 20852163, rootHash: root });
    expect(parsed.rootHash.toString('hex')).toBe('0ac5186a91863e8e1d90c808014aa89bf5da8e3ee1d9f07630f0378f68f1ab62');
    expect(formatCheckpoint(parsed)).toBe(CHECKPOINT_TEXT);
  });

  it('keeps extension lines, and an empty tree', () => {
    const c = { origin: 'tansiq.example/log', size: 0, rootHash: root, extensions: ['ext one', 'ext two'] };
    const text = formatCheckpoint(c);
    expect(text).toBe(`tansiq.example/log\n0\n${root.toString('base64')}\next one\next two\n`);
    expect(parseCheckpoint(text)).toEqual(c);
  });

  it('reads the spec example signed note: a log signature, then the key ID and time of a cosignature', () => {
    const { text, signatures } = parseNote(`${CHECKPOINT_TEXT}\n${CHECKPOINT_LOG_SIG}\n${COSIGNATURE_LINE}\n`);
    expect(text).toBe(CHECKPOINT_TEXT);
    expect(signatures.map((s) => [s.name, s.keyId.toString(16), s.signature.length])).toEqual([
      ['example.com/behind-the-sofa', '33de0ae', 64],
      ['witness.example.com/w1', '8d66cf3f', 72],
    ]);
    // The cosignature's u64 timestamp is the one in the spec's example of the signed message.
    expect(signatures[1]!.signature.readBigUInt64BE(0)).toBe(1679315147n);
  });

  it.each([
    ['no final newline', CHECKPOINT_TEXT.slice(0, -1), 'checkpoint: the text must end with a newline'],
    ['two lines', 'example.com/log\n5\n', 'checkpoint: needs origin, size and root hash lines, got 2 line(s)'],
    ['an empty origin', `\n5\n${root.toString('base64')}\n`, 'checkpoint origin: is empty'],
    [
      'a leading zero',
      `o\n05\n${root.toString('base64')}\n`,
      'checkpoint size: "05" is not a decimal number without leading zeros',
    ],
    ['a sign', `o\n+5\n${root.toString('base64')}\n`, /is not a decimal number/],
    ['a negative size', `o\n-1\n${root.toString('base64')}\n`, /is not a decimal number/],
    ['a space', `o\n5 \n${root.toString('base64')}\n`, /is not a decimal number/],
    [
      'a size past 2^53',
      `o\n9007199254740992\n${root.toString('base64')}\n`,
      'checkpoint size: 9007199254740992 is above 2^53 − 1',
    ],
    [
      'a 31-byte root',
      `o\n5\n${root.subarray(1).toString('base64')}\n`,
      'checkpoint root hash: decodes to 31 bytes, not 32',
    ],
    [
      'unpadded base64',
      `o\n5\n${root.toString('base64').slice(0, -1)}\n`,
      'checkpoint root hash: is not standard padded base64',
    ],
    [
      'URL-safe base64',
      `o\n5\n${root.toString('base64url')}=\n`,
      'checkpoint root hash: is not standard padded base64',
    ],
    [
      'non-canonical base64',
      `o\n5\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=\n`,
      'checkpoint root hash: is not canonical base64',
    ],
    ['the signed note', `${CHECKPOINT_TEXT}\n${CHECKPOINT_LOG_SIG}\n`, /line 1: is empty \(pass the note text/],
    ['a tab', `o\t\n5\n${root.toString('base64')}\n`, 'checkpoint: contains the control character U+0009'],
  ])('refuses a checkpoint with %s', (_what, text, message) => {
    expect(() => parseCheckpoint(text)).toThrow(message);
  });

  it('refuses to format what it would refuse to parse', () => {
    expect(() => formatCheckpoint({ origin: '', size: 1, rootHash: root })).toThrow('checkpoint origin: is empty');
    expect(() => formatCheckpoint({ origin: 'a\nb', size: 1, rootHash: root })).toThrow(/contains a newline/);
    expect(() => formatCheckpoint({ origin: 'o', size: -1, rootHash: root })).toThrow(/checkpoint size/);
    expect(() => formatCheckpoint({ origin: 'o', size: 1.5, rootHash: root })).toThrow(/checkpoint size/);
    expect(() => formatCheckpoint({ origin: 'o', size: 1, rootHash: root.subarray(1) })).toThrow(
      'checkpoint root hash: must be 32 bytes, got 31',
    );
    expect(() => formatCheckpoint({ origin: 'o', size: 1, rootHash: root, extensions: [''] })).toThrow(
      'checkpoint extension line 1: is empty',
    );
  });

  it('signs a checkpoint as a note that opens with the log key', () => {
    const { skey, vkey } = generateKey('tansiq.example/log');
    const text = formatCheckpoint({ origin: 'tansiq.example/log', size: 8, rootHash: root });
    const note = signNote(text, [parseSignerKey(skey)]);
    const opened = verifyNote(note, [parseVerifierKey(vkey)]);
    expect(parseCheckpoint(opened.text)).toEqual({ origin: 'tansiq.example/log', size: 8, rootHash: root });
  });
});

describe('cosignatures (c2sp.org/tlog-cosignature)', () => {
  const witness = generateKey('witness.example/w1', SIG_COSIGNATURE_V1);
  const cosigner = parseSignerKey(witness.skey);
  const verifier = parseVerifierKey(witness.vkey);

  it('signs the message of the spec example', () => {
    expect(cosignatureMessage(CHECKPOINT_TEXT, 1679315147).toString('utf8')).toBe(
      'cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n',
    );
  });

  it('writes keyID || u64 time || Ed25519 over the spec message, and verifies it', () => {
    const line = cosign(CHECKPOINT_TEXT, cosigner, 1679315147);
    expect(line.startsWith('\u2014 witness.example/w1 ')).toBe(true);
    const bytes = Buffer.from(line.slice('\u2014 witness.example/w1 '.length), 'base64');
    expect(bytes).toHaveLength(4 + 8 + 64);
    expect(bytes.readUInt32BE(0)).toBe(cosigner.keyId);
    expect(bytes.readBigUInt64BE(4)).toBe(1679315147n);
    // Checked with Ed25519 alone over the message written out, not through the module.
    const publicKey = createPublicKey({
      key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), verifier.publicKey]),
      format: 'der',
      type: 'spki',
    });
    const message =
      'cosignature/v1\ntime 1679315147\nexample.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n';
    expect(verify(null, Buffer.from(message), publicKey, bytes.subarray(12))).toBe(true);
    expect(verifyCosignature(CHECKPOINT_TEXT, line, verifier)).toEqual({ timestamp: 1679315147 });
    expect(verifyCosignature(CHECKPOINT_TEXT, `${line}\n`, verifier)).toEqual({ timestamp: 1679315147 });
  });

  it('reads the timestamp of the transparency-dev vector (1727964367)', () => {
    let signed = '';
    const recorder: NoteVerifier = {
      name: 'x',
      type: SIG_COSIGNATURE_V1,
      keyId: 0x646846b9,
      publicKey: Buffer.alloc(32),
      verify: (message) => {
        signed = message.toString('utf8');
        return true;
      },
    };
    const line =
      '\u2014 x ZGhGuQAAAABm/qTPeyKXD+R2rzyQsxPiP8mXum7qq/iF0u4vanlqJyocWODBt97w9uL+8qT7S5gxEHWWOworDcFiEBYJXORmnFBOBA==';
    expect(verifyCosignature(CHECKPOINT_TEXT, line, recorder)).toEqual({ timestamp: 1727964367 });
    expect(signed).toBe(`cosignature/v1\ntime 1727964367\n${CHECKPOINT_TEXT}`);
  });

  it('is null for another key, and throws for this key over another time, text or key', () => {
    const line = cosign(CHECKPOINT_TEXT, cosigner, 1700000000);
    const other = parseVerifierKey(generateKey('witness.example/w1', SIG_COSIGNATURE_V1).vkey);
    expect(verifyCosignature(CHECKPOINT_TEXT, line, other)).toBeNull();
    expect(verifyCosignature(CHECKPOINT_TEXT, line, { ...verifier, name: 'witness.example/w2' })).toBeNull();
    // Same name and ID, another public key: the signature is checked and fails.
    const impostor = { ...other, keyId: verifier.keyId };
    expect(() => verifyCosignature(CHECKPOINT_TEXT, line, impostor)).toThrow(
      `verifyCosignature: invalid cosignature for key witness.example/w1+${verifier.keyId.toString(16).padStart(8, '0')}`,
    );
    const bytes = Buffer.from(line.slice('\u2014 witness.example/w1 '.length), 'base64');
    bytes.writeBigUInt64BE(1700000001n, 4);
    expect(() =>
      verifyCosignature(CHECKPOINT_TEXT, `\u2014 witness.example/w1 ${bytes.toString('base64')}`, verifier),
    ).toThrow(/invalid cosignature/);
    const otherText = CHECKPOINT_TEXT.replace('20852163', '20852164');
    expect(() => verifyCosignature(otherText, line, verifier)).toThrow(/invalid cosignature/);
    expect(() => verifyCosignature(CHECKPOINT_TEXT, line.slice(0, -4), verifier)).toThrow(/is 71 bytes, not 72/);
  });

  it('is a cosignature, not a note signature: the types do not mix', () => {
    const logKey = generateKey('tansiq.example/log');
    expect(() => cosign(CHECKPOINT_TEXT, parseSignerKey(logKey.skey), 1)).toThrow(/not a cosignature key \(0x04\)/);
    expect(() => verifyCosignature(CHECKPOINT_TEXT, COSIGNATURE_LINE, parseVerifierKey(logKey.vkey))).toThrow(
      /is not a cosignature key/,
    );
    // A note carrying only a cosignature has no note signature for verifyNote.
    const note = `${CHECKPOINT_TEXT}\n${cosign(CHECKPOINT_TEXT, cosigner, 5)}\n`;
    expect(() => verifyNote(note, [verifier])).toThrow('verifyNote: no signature from a trusted key');
  });

  it('cosigns only a well-formed checkpoint at a whole non-negative time', () => {
    expect(() => cosign('not a checkpoint\n', cosigner, 1)).toThrow(/needs origin, size and root hash/);
    expect(() => cosign(CHECKPOINT_TEXT, cosigner, -1)).toThrow(/timestamp must be non-negative integer seconds/);
    expect(() => cosign(CHECKPOINT_TEXT, cosigner, 1.5)).toThrow(/timestamp/);
  });

  it('adds cosignatures to a signed checkpoint once per key', () => {
    const log = generateKey('tansiq.example/log');
    const note = signNote(CHECKPOINT_TEXT, [parseSignerKey(log.skey)]);
    const line = cosign(CHECKPOINT_TEXT, cosigner, 1700000000);
    const again = cosign(CHECKPOINT_TEXT, cosigner, 1700000060);
    const withCosignature = addSignatures(note, [line, again, `${line}\n`]);
    expect(withCosignature).toBe(`${note}${line}\n`);
    expect(addSignatures(withCosignature, [line])).toBe(withCosignature);
    const { text, signatures } = parseNote(withCosignature);
    expect(verifyNote(withCosignature, [parseVerifierKey(log.vkey), verifier]).text).toBe(CHECKPOINT_TEXT);
    expect(signatures.map((s) => verifyCosignature(text, s.line, verifier))).toEqual([null, { timestamp: 1700000000 }]);
    expect(() => addSignatures(note, ['not a line'])).toThrow(/added signature line 1: does not start with an em dash/);
  });
});
