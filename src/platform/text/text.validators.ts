import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidateBy, type ValidationOptions } from 'class-validator';
import {
  TextErrorCode,
  emailProblem,
  hasBidiControl,
  hasControlCharacter,
  isInvisible,
  mixedScripts,
  normalizeEmail,
  toStoredCode,
  toStoredText,
} from './unicode.js';

/**
 * Request-field decorators for text people type. Each refusal is a 400 VALIDATION_FAILED
 * whose `errors` entry names the field and carries a `code` (TextErrorCode), through
 * class-validator's `context` (read by the validation pipe's flattening).
 */

const onString = (map: (value: string) => string) =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? map(value) : value));

const withCode = (code: TextErrorCode, options?: ValidationOptions): ValidationOptions => ({
  ...options,
  context: { code },
});

/** Refuses text with no visible character (400, `INVISIBLE_TEXT`). */
export function IsVisibleText(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isVisibleText',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || value === '' || !isInvisible(value),
        defaultMessage: (args) =>
          `${args?.property ?? 'text'} must contain a visible character (it has only spaces, format characters or marks)`,
      },
    },
    withCode(TextErrorCode.InvisibleText, options),
  );
}

/** Refuses bidi embedding, override and isolate controls (400, `BIDI_CONTROL`). */
export function HasNoBidiControl(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'hasNoBidiControl',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !hasBidiControl(value),
        defaultMessage: (args) =>
          `${args?.property ?? 'text'} must not contain bidirectional override, embedding or isolate controls (U+202A–U+202E, U+2066–U+2069)`,
      },
    },
    withCode(TextErrorCode.BidiControl, options),
  );
}

/**
 * Refuses control characters (400, `CONTROL_CHARACTER`): every one in a single line (a name,
 * a code), all but tab, line feed and carriage return in `multiline` text. A terminal escape
 * (`ESC[31m`) or a `\u0001` inside a word would reach every screen and log that shows the text,
 * and split the word for search.
 */
export function HasNoControlCharacter(multiline = false, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'hasNoControlCharacter',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || !hasControlCharacter(value, multiline),
        defaultMessage: (args) =>
          `${args?.property ?? 'text'} must not contain control characters (U+0000–U+001F, U+007F–U+009F${multiline ? '; tab and line breaks are kept' : ''})`,
      },
    },
    withCode(TextErrorCode.ControlCharacter, options),
  );
}

/** Refuses letters of scripts that do not go together (400, `MIXED_SCRIPT`; UTS #39 §5.2). */
export function IsSingleScript(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isSingleScript',
      validator: {
        validate: (value: unknown) => typeof value !== 'string' || mixedScripts(value) === null,
        defaultMessage: (args) =>
          `${args?.property ?? 'text'} mixes letters of the ${(mixedScripts(String(args?.value)) ?? []).join(' and ')} scripts`,
      },
    },
    withCode(TextErrorCode.MixedScript, options),
  );
}

/**
 * A name (of a person, party, agency, committee, issue area, account or API client):
 * stored trimmed in NFC; refused when invisible (`INVISIBLE_TEXT`), when it holds a bidi
 * control (`BIDI_CONTROL`) or a control character (`CONTROL_CHARACTER`). Goes before the field's `@IsString()`/`@Length()`.
 */
export function NameText(): PropertyDecorator {
  return applyDecorators(onString(toStoredText), IsVisibleText(), HasNoBidiControl(), HasNoControlCharacter());
}

/**
 * Free text (a title, a place, an update's body, a decision): stored trimmed in NFC and
 * refused when invisible or holding a control character other than tab and line breaks
 * (`CONTROL_CHARACTER`); bidi controls are kept (a quotation may need them).
 */
export function FreeText(): PropertyDecorator {
  return applyDecorators(onString(toStoredText), IsVisibleText(), HasNoControlCharacter(true));
}

/**
 * Optional free text (a mandate, a description, minutes, a note): stored in NFC, otherwise as
 * sent; a control character other than tab and line breaks is refused (`CONTROL_CHARACTER`).
 */
export function StoredText(): PropertyDecorator {
  return applyDecorators(
    onString((value) => value.normalize('NFC')),
    HasNoControlCharacter(true),
  );
}

/**
 * A code people type (party, agency, issue area, committee): NFKC (fullwidth letters are
 * the ASCII ones, so `ＬＢ` is the existing `LB`: 409), no bidi control, one script.
 * Goes before the field's `@Matches(pattern)`.
 */
export function CodeText(): PropertyDecorator {
  return applyDecorators(onString(toStoredCode), HasNoBidiControl(), HasNoControlCharacter(), IsSingleScript());
}

/**
 * An e-mail address, in the one form it is stored and compared in (`normalizeEmail`: NFKC,
 * lower case, IDNA domain), so `jürgen@…` typed precomposed or with a combining diaeresis,
 * or `ｓecretary@…` in fullwidth, is the same address (409 DUPLICATE_EMAIL for a second
 * account). Refused: a domain IDNA refuses (`INVALID_DOMAIN`), a local part or domain label
 * mixing scripts (`MIXED_SCRIPT`), a bidi control (`BIDI_CONTROL`), another character a
 * reader cannot see, such as a zero-width space (`INVISIBLE_CHARACTER`). Goes before `@IsEmail()`.
 */
export function EmailText(): PropertyDecorator {
  return applyDecorators(
    onString(normalizeEmail),
    ...[
      TextErrorCode.BidiControl,
      TextErrorCode.InvisibleCharacter,
      TextErrorCode.InvalidDomain,
      TextErrorCode.MixedScript,
    ].map((code) =>
      ValidateBy(
        {
          name: `email${code}`,
          validator: {
            validate: (value: unknown) => typeof value !== 'string' || emailProblem(value)?.code !== code,
            defaultMessage: (args) =>
              `${args?.property ?? 'email'} ${emailProblem(String(args?.value))?.message ?? ''}`,
          },
        },
        withCode(code),
      ),
    ),
  );
}
