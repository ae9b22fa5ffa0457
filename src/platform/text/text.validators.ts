import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidateBy, type ValidationOptions } from 'class-validator';
import {
  TextErrorCode,
  emailProblem,
  hasBidiControl,
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
 * stored trimmed in NFC; refused when invisible (`INVISIBLE_TEXT`) or when it holds a bidi
 * control (`BIDI_CONTROL`). Goes before the field's `@IsString()`/`@Length()`.
 */
export function NameText(): PropertyDecorator {
  return applyDecorators(onString(toStoredText), IsVisibleText(), HasNoBidiControl());
}

/**
 * Free text (a title, a place, an update's body, a decision): stored trimmed in NFC and
 * refused when invisible; bidi controls are kept (a quotation may need them).
 */
export function FreeText(): PropertyDecorator {
  return applyDecorators(onString(toStoredText), IsVisibleText());
}

/** Optional free text (a mandate, a description, minutes, a note): stored in NFC, otherwise as sent. */
export function StoredText(): PropertyDecorator {
  return onString((value) => value.normalize('NFC'));
}

/**
 * A code people type (party, agency, issue area, committee): NFKC (fullwidth letters are
 * the ASCII ones, so `ＬＢ` is the existing `LB`: 409), no bidi control, one script.
 * Goes before the field's `@Matches(pattern)`.
 */
export function CodeText(): PropertyDecorator {
  return applyDecorators(onString(toStoredCode), HasNoBidiControl(), IsSingleScript());
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
