import { readFileSync } from 'node:fs';
import {
  TEXT_ERROR_MEANINGS,
  TextErrorCode,
  emailProblem,
  hasBidiControl,
  isInvisible,
  mixedScripts,
  normalizeEmail,
  toStoredCode,
  toStoredText,
} from '../../src/platform/text/unicode.js';

describe('text rules (src/platform/text/unicode.ts)', () => {
  it.each([
    ['J\u00fcrgen.X@Example.ORG', 'j\u00fcrgen.x@example.org'],
    ['Ju\u0308rgen.X@Example.ORG', 'j\u00fcrgen.x@example.org'],
    ['\uff53ecretary\uff20example\uff0eorg', 'secretary@example.org'],
    ['  info@B\u00dcCHER.example ', 'info@xn--bcher-kva.example'],
    [
      '\u0418\u0432\u0430\u043d@\u043f\u0440\u0438\u043c\u0435\u0440.\u0440\u0444',
      '\u0438\u0432\u0430\u043d@xn--e1afmkfd.xn--p1ai',
    ],
    ['no-at-sign', 'no-at-sign'],
  ])('normalizeEmail(%j) is %j', (input, expected) => {
    expect(normalizeEmail(input)).toBe(expected);
  });

  it.each([
    ['osama@example.org', null],
    ['\u043esama@example.org', TextErrorCode.MixedScript],
    ['osama@ex\u0430mple.org', TextErrorCode.MixedScript],
    ['\u0438\u0432\u0430\u043d@example.org', null], // one script in the local part, another in the domain
    ['user@exa mple.org', TextErrorCode.InvalidDomain],
    ['rima\u202e@example.org', TextErrorCode.BidiControl],
    ['secretary\u200b.lb@example.org', TextErrorCode.InvisibleCharacter],
    ['secretary.lb\u00ad@example.org', TextErrorCode.InvisibleCharacter],
    ['secre\u2060tary@example.org', TextErrorCode.InvisibleCharacter],
    ['secretary\ufe0f@example.org', TextErrorCode.InvisibleCharacter],
    ['secretary\u{e0041}@example.org', TextErrorCode.InvisibleCharacter],
    ['secre\u0007tary@example.org', TextErrorCode.InvisibleCharacter],
    ['secretary@exam\u200bple.org', null], // IDNA maps it out of the domain: example.org
  ])('emailProblem(normalizeEmail(%j)) is %s', (input, code) => {
    expect(emailProblem(normalizeEmail(input))?.code ?? null).toBe(code);
  });

  it.each([
    ['Latin', 'secretary', null],
    ['Cyrillic only', '\u0441\u0435\u043a\u0440\u0435\u0442\u0430\u0440\u044c', null],
    ['Latin with a Cyrillic о', 'secretary.l\u043e', ['Latin', 'Cyrillic']],
    ['Latin with a Greek ο', 'rep\u03bfrt', ['Latin', 'Greek']],
    ['Latin with an Arabic-Indic digit', 'ahmad\u0662', ['Latin', 'Arabic']],
    ['Latin, Han and kana (UTS #39 allows it)', 'tanaka\u7530\u4e2d\u3072\u3089', null],
    ['Latin and Hangul (allowed)', 'kim\ud55c', null],
    ['digits and punctuation go with any script', '\u0627\u062d\u0645\u062f.2025_-', null],
  ])('mixedScripts: %s', (_what, value, expected) => {
    expect(mixedScripts(value)).toEqual(expected);
  });

  it.each([
    ['\u200b\u200b', true],
    ['\u200f', true],
    ['\u0301\u0301', true],
    ['\u3164', true],
    ['\u2800', true],
    ['', true],
    ['a\u200b', false],
    ['\u0643\u0631\u064a\u0645', false],
    ['\u00b7', false],
  ])('isInvisible(%j) is %s', (value, expected) => {
    expect(isInvisible(value)).toBe(expected);
  });

  it('finds each bidi control U+202A–U+202E and U+2066–U+2069, and no direction mark', () => {
    const controls = [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069];
    for (const c of controls) expect(hasBidiControl(`a${String.fromCodePoint(c)}b`)).toBe(true);
    for (const c of [0x200e, 0x200f, 0x061c, 0x2069 + 1, 0x202a - 1])
      expect(hasBidiControl(`a${String.fromCodePoint(c)}b`)).toBe(false);
  });

  it('stores names in NFC and codes in NFKC', () => {
    expect(toStoredText('  Jo\u0308rg ')).toBe('J\u00f6rg');
    expect(toStoredText('\ufee3\ufea4\ufee4\ufeaa')).toBe('\ufee3\ufea4\ufee4\ufeaa'); // NFC keeps presentation forms
    expect(toStoredCode(' \uff2c\uff22_\uff11 ')).toBe('LB_1');
  });

  it('the README lists each field code with its meaning', () => {
    const readme = readFileSync('README.md', 'utf8');
    const rows = [...readme.matchAll(/^\| `([A-Z_]+)` +\| ([^|]+?) +\|$/gm)].map((m) => [m[1]!, m[2]!]);
    expect(Object.fromEntries(rows)).toEqual(TEXT_ERROR_MEANINGS);
  });
});
