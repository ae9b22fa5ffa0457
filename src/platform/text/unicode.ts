import { domainToASCII, domainToUnicode } from 'node:url';

/**
 * Unicode rules for what people type: one stored form per identity (e-mail, code), no
 * invisible names, no characters that reorder what a reader sees. Pure functions; the
 * decorators in text.validators.ts apply them to request fields.
 */

/** Why a field's text is refused: the `code` of its entry in a 400's `errors`. */
export enum TextErrorCode {
  /** Only invisible or formatting characters (categories Cf, Zs, Zl, Zp, Cc, Mn, Me, default-ignorables). */
  InvisibleText = 'INVISIBLE_TEXT',
  /** A bidirectional embedding, override or isolate control (U+202A–U+202E, U+2066–U+2069). */
  BidiControl = 'BIDI_CONTROL',
  /** Letters of scripts that do not go together (UTS #39 §5.1), e.g. a Cyrillic `о` among Latin letters. */
  MixedScript = 'MIXED_SCRIPT',
  /** The domain of an e-mail address is no valid internationalised domain name (UTS #46 / IDNA). */
  InvalidDomain = 'INVALID_DOMAIN',
  /**
   * An e-mail address holding a character a reader cannot see (a control or format character,
   * or another default-ignorable code point: a zero-width space, a soft hyphen, a variation
   * selector), so it looks like another address (RFC 8265 §3.3: PRECIS disallows them).
   */
  InvisibleCharacter = 'INVISIBLE_CHARACTER',
  /**
   * A control character (Unicode category Cc: U+0000–U+001F, U+007F–U+009F, such as a terminal
   * escape): none in a name or code; free text keeps only tab, line feed and carriage return.
   */
  ControlCharacter = 'CONTROL_CHARACTER',
}

/** What each TextErrorCode means, for the OpenAPI document. */
export const TEXT_ERROR_MEANINGS: Readonly<Record<TextErrorCode, string>> = {
  [TextErrorCode.InvisibleText]:
    'the text has no visible character (only spaces, format or control characters, or marks).',
  [TextErrorCode.BidiControl]:
    'the text contains a bidirectional override, embedding or isolate control (U+202A–U+202E, U+2066–U+2069), which reorders what a reader sees.',
  [TextErrorCode.MixedScript]:
    'the identifier mixes letters of scripts that do not go together (Unicode TS #39), e.g. a Cyrillic `о` among Latin letters.',
  [TextErrorCode.InvalidDomain]: 'the domain of the e-mail address is not a valid (internationalised) domain name.',
  [TextErrorCode.InvisibleCharacter]:
    'the e-mail address holds a character a reader cannot see (a control or format character such as a zero-width space or a soft hyphen), so it looks like another address.',
  [TextErrorCode.ControlCharacter]:
    'the text holds a control character (U+0000–U+001F, U+007F–U+009F, e.g. a terminal escape): none in a name or code; free text keeps only tab, line feed and carriage return.',
};

/** U+202A–U+202E (embeddings, overrides, PDF) and U+2066–U+2069 (isolates, PDI): Unicode TR #9. */
const BIDI_CONTROL = /[\u202A-\u202E\u2066-\u2069]/u;

/**
 * Characters a reader cannot see on their own: separators, controls, format characters,
 * combining marks (with no base to sit on, they show nothing or a dotted circle) and
 * the default-ignorable code points (U+3164 Hangul filler, U+115F, …), plus U+2800 (a
 * blank Braille pattern) and U+0640 (tatweel, which only stretches the letters around it:
 * alone it is a bare line, and search folds it away, so such a name could never be found).
 */
const INVISIBLE = /^[\p{Zs}\p{Zl}\p{Zp}\p{Cc}\p{Cf}\p{Mn}\p{Me}\p{Default_Ignorable_Code_Point}\u2800\u0640]*$/u;

/** Any control character (category Cc), and those free text may not hold (all but tab, LF, CR). */
const CONTROL = /\p{Cc}/u;
const CONTROL_IN_FREE_TEXT = /(?![\t\n\r])\p{Cc}/u;

/**
 * Characters that show nothing, inside a word: controls, format characters and the other
 * default-ignorable code points (zero-width space and joiners, soft hyphen, word joiner,
 * variation selectors, Hangul fillers, tags). PRECIS's IdentifierClass (RFC 8264 §9)
 * disallows them all in an identifier.
 */
const HIDDEN_CHARACTER = /[\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]/u;

/** `value` trimmed and in NFC (Unicode normalisation form C), as names and free text are stored. */
export function toStoredText(value: string): string {
  return value.normalize('NFC').trim();
}

/** True when `value` has no visible character (it is then as good as blank). */
export function isInvisible(value: string): boolean {
  return INVISIBLE.test(value);
}

/**
 * True when `value` holds a control character: any (category Cc) in a single line such as a
 * name (`multiline` false), or one other than tab, line feed and carriage return in text.
 */
export function hasControlCharacter(value: string, multiline = false): boolean {
  return (multiline ? CONTROL_IN_FREE_TEXT : CONTROL).test(value);
}

/** True when `value` contains a bidi embedding, override or isolate control. */
export function hasBidiControl(value: string): boolean {
  return BIDI_CONTROL.test(value);
}

/**
 * The scripts told apart by the mixed-script check. Characters of Common and Inherited
 * (digits 0–9, punctuation, combining marks) belong to none, so they go with any script.
 * A letter of a script not listed counts as `Other`.
 */
const SCRIPTS = [
  'Latin',
  'Greek',
  'Cyrillic',
  'Armenian',
  'Georgian',
  'Cherokee',
  'Arabic',
  'Hebrew',
  'Syriac',
  'Thaana',
  'Devanagari',
  'Bengali',
  'Gurmukhi',
  'Gujarati',
  'Tamil',
  'Telugu',
  'Kannada',
  'Malayalam',
  'Sinhala',
  'Thai',
  'Lao',
  'Tibetan',
  'Myanmar',
  'Khmer',
  'Ethiopic',
  'Han',
  'Hiragana',
  'Katakana',
  'Hangul',
  'Bopomofo',
] as const;
const SCRIPT_PATTERNS = SCRIPTS.map((name) => [name, new RegExp(`\\p{Script=${name}}`, 'u')] as const);
const LETTER_OR_DIGIT = /[\p{L}\p{Nd}]/u;

/**
 * The combinations UTS #39 §5.2 ("Highly Restrictive") allows besides a single script:
 * Latin with the scripts Japanese, Chinese and Korean text mixes.
 */
const ALLOWED_MIXES: readonly (readonly string[])[] = [
  ['Latin', 'Han', 'Hiragana', 'Katakana'],
  ['Latin', 'Han', 'Bopomofo'],
  ['Latin', 'Han', 'Hangul'],
];

/** The scripts of the letters and digits of `value` (Common and Inherited left out). */
export function scriptsOf(value: string): Set<string> {
  const scripts = new Set<string>();
  for (const char of value) {
    const found = SCRIPT_PATTERNS.find(([, pattern]) => pattern.test(char));
    if (found) scripts.add(found[0]);
    else if (LETTER_OR_DIGIT.test(char) && !/[\p{Script=Common}\p{Script=Inherited}]/u.test(char)) scripts.add('Other');
  }
  return scripts;
}

/**
 * The scripts of `value` when they do not go together (UTS #39 §5.2, Highly Restrictive:
 * one script, or Latin with Han and the Japanese kana, Bopomofo or Hangul); null when they do.
 */
export function mixedScripts(value: string): string[] | null {
  const scripts = [...scriptsOf(value)].sort(
    (a, b) => SCRIPTS.indexOf(a as (typeof SCRIPTS)[number]) - SCRIPTS.indexOf(b as (typeof SCRIPTS)[number]),
  );
  if (scripts.length <= 1) return null;
  if (ALLOWED_MIXES.some((mix) => scripts.every((script) => mix.includes(script)))) return null;
  return scripts;
}

/**
 * An identifier people type (a party, agency, issue-area or committee code) in its stored
 * form: NFKC (fullwidth `ＬＢ` is `LB`), trimmed. Codes keep their case: their patterns fix it.
 */
export function toStoredCode(value: string): string {
  return value.normalize('NFKC').trim();
}

/**
 * An e-mail address in the one form it is stored and compared in: the local part in NFKC
 * with Unicode lower-casing (the PRECIS UsernameCaseMapped profile of RFC 8265 §3.3 maps
 * width and case the same way; NFKC also folds compatibility forms), the domain in ASCII
 * by IDNA (UTS #46 through `node:url` `domainToASCII`: `bücher.example` is
 * `xn--bcher-kva.example`). An address with no `@` or whose domain IDNA refuses comes
 * back folded but otherwise as it was: validation refuses it (`emailProblem`).
 */
export function normalizeEmail(value: string): string {
  const folded = value.normalize('NFKC').toLowerCase().normalize('NFKC').trim();
  const at = folded.lastIndexOf('@');
  if (at < 1) return folded;
  const domain = domainToASCII(folded.slice(at + 1));
  return domain === '' ? folded : `${folded.slice(0, at)}@${domain}`;
}

/** Why a normalised address (`normalizeEmail`) is refused, or null. */
export function emailProblem(normalized: string): { code: TextErrorCode; message: string } | null {
  if (hasBidiControl(normalized))
    return { code: TextErrorCode.BidiControl, message: 'must not contain bidirectional control characters' };
  if (HIDDEN_CHARACTER.test(normalized))
    return {
      code: TextErrorCode.InvisibleCharacter,
      message:
        'must not contain invisible characters (a control or format character, e.g. a zero-width space or a soft hyphen)',
    };
  const at = normalized.lastIndexOf('@');
  if (at < 1) return null; // not an address at all: IsEmail says so
  const domain = normalized.slice(at + 1);
  if (domainToASCII(domain) !== domain)
    return { code: TextErrorCode.InvalidDomain, message: 'has a domain that is not a valid domain name (IDNA)' };
  const parts = [normalized.slice(0, at), ...domainToUnicode(domain).split('.')];
  for (const part of parts) {
    const mixed = mixedScripts(part);
    if (mixed)
      return {
        code: TextErrorCode.MixedScript,
        message: `mixes letters of the ${mixed.join(' and ')} scripts in "${part}" (a look-alike of another address)`,
      };
  }
  return null;
}
