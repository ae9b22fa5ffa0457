import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { LruMap } from '../cache/lru-map.js';
import { AppException } from '../problem/app.exception.js';
import type { FieldError } from '../problem/problem.js';
import { deepFreeze } from '../values/deep-freeze.js';

/**
 * Constraints on the kind of a value (present, string, number, list…): when one fails, the
 * others of the field (length, range, pattern) say nothing useful about the value sent.
 */
const KIND_CONSTRAINTS = [
  'isDefined',
  'isString',
  'isInt',
  'isNumber',
  'isBoolean',
  'isArray',
  'isObject',
  'isEnum',
  'isIn',
  'nestedValidation',
];

/**
 * The one reason given for a field that failed several constraints: the failed kind check
 * (`must be a string` for `42`, not also `must be shorter than …`), otherwise the constraint
 * declared first on the property (class-validator reports them last-declared first).
 */
function firstReason(constraints: Record<string, string>): [string, string] | undefined {
  const failed = Object.entries(constraints);
  return failed.find(([name]) => KIND_CONSTRAINTS.includes(name)) ?? failed.at(-1);
}

/** One field's entry: its reason, and the `code` the failed constraint carries in its context, if any. */
function fieldError(field: string, error: ValidationError, [constraint, message]: [string, string]): FieldError {
  const code = (error.contexts?.[constraint] as { code?: string } | undefined)?.code;
  return {
    field,
    message: constraint === 'whitelistValidation' ? 'is not a known field' : message,
    ...(code === undefined ? {} : { code }),
  };
}

/**
 * Flattens class-validator's tree into `{field, message}` with dotted paths
 * (`attendees[0].personId`): one entry per invalid field, with its first reason (`firstReason`)
 * and the `code` that constraint gives in its `context` (the text rules: `INVISIBLE_TEXT`, …).
 */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field =
      parent === ''
        ? error.property
        : /^\d+$/.test(error.property)
          ? `${parent}[${error.property}]`
          : `${parent}.${error.property}`;
    const reason = firstReason(error.constraints ?? {});
    const own = reason ? [fieldError(field, error, reason)] : [];
    return own.concat(flattenValidationErrors(error.children ?? [], field));
  });
}

// NUL cannot be stored in PostgreSQL text; a lone surrogate is not valid Unicode.
// eslint-disable-next-line no-control-regex -- NUL is exactly what must be refused
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const SWAGGER_PROPERTIES = 'swagger/apiModelProperties';

const MAX_DEPTH = 32;

/**
 * Strings the database cannot store, anywhere in the input; and input nested deeper than
 * any request of this API needs (which would otherwise exhaust the stack further on).
 */
function unstorable(input: unknown, out: FieldError[]): void {
  const stack: [unknown, string, number][] = [[input, '', 0]];
  while (stack.length > 0) {
    const [value, path, depth] = stack.pop()!;
    if (typeof value === 'string') {
      if (UNSTORABLE.test(value))
        out.push({ field: path, message: 'contains characters that cannot be stored (NUL or a lone surrogate)' });
    } else if (value !== null && typeof value === 'object') {
      if (depth >= MAX_DEPTH) {
        out.push({ field: path || 'body', message: `is nested deeper than ${MAX_DEPTH} levels` });
        return;
      }
      const entries = Array.isArray(value)
        ? value.map((item: unknown, i) => [`${path}[${i}]`, item] as const)
        : Object.entries(value).map(([k, item]) => [path ? `${path}.${k}` : k, item] as const);
      for (const [childPath, item] of entries) stack.push([item, childPath, depth + 1]);
    }
  }
}

/**
 * `null` only where the API says a field is nullable (the OpenAPI metadata of the DTO), so
 * a PATCH cannot blank a required field by sending null.
 */
function unexpectedNulls(body: object, metatype: abstract new (...args: never[]) => unknown): FieldError[] {
  return Object.entries(body)
    .filter(([, value]) => value === null)
    .filter(([key]) => {
      const property = Reflect.getMetadata(SWAGGER_PROPERTIES, metatype.prototype as object, key) as
        { nullable?: boolean } | undefined;
      return !property?.nullable;
    })
    .map(([key]) => ({ field: key, message: 'must not be null' }));
}

/**
 * 400 VALIDATION_FAILED naming `body`: the route declares a body (`@Body()`) and none was
 * sent (no content, or an empty one). Routes that take no body (an acknowledgement, a
 * transition without a note) declare none and never get here.
 */
function bodyRequired(): AppException {
  return AppException.validation(
    [{ field: 'body', message: 'is required: send a JSON object with Content-Type: application/json' }],
    'The request body is required.',
  );
}

/**
 * One validation setup for every route: unknown fields are rejected, not ignored. On every
 * route that declares a body (`@Body()`), that body is required (`bodyRequired`) and must be
 * a JSON object: without either, Nest's pipe reads it as `{}`, and a PATCH with nothing, or
 * with `null`, `[]`, `"x"`, `3`, would be an empty patch answering 200.
 */
class AppValidationPipe extends ValidationPipe {
  /** Valid query strings and their DTOs, per DTO class (`validQuery`). */
  private readonly queries = new Map<unknown, LruMap<string, object>>();

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'query' && metadata.metatype) return this.validQuery(value, metadata);
    return this.checked(value, metadata);
  }

  /**
   * A query's DTO, validated once per distinct query (its parsed parameters as JSON) and class:
   * the same list asked for again (a dashboard, a client polling) costs a map lookup instead of
   * class-transformer and class-validator. The DTO is frozen, as it is shared by those
   * requests; no validator reads anything but the value (no clock, no configuration). Errors are
   * not kept. At most QUERY_MEMO distinct queries per class, the least recently used first out.
   */
  private async validQuery(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    let known = this.queries.get(metadata.metatype);
    if (!known) this.queries.set(metadata.metatype, (known = new LruMap(QUERY_MEMO)));
    const key = JSON.stringify(value ?? null);
    const kept = known.get(key);
    if (kept) return kept;
    const dto = deepFreeze(await this.checked(value, metadata));
    if (typeof dto === 'object' && dto !== null) known.set(key, dto);
    return dto;
  }

  /** The whole check of `value`: storable text, then class-validator, then nulls only where nullable. */
  private async checked(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && metadata.data === undefined && value === undefined) throw bodyRequired();
    if (
      metadata.type === 'body' &&
      metadata.data === undefined &&
      value !== undefined &&
      (typeof value !== 'object' || value === null || Array.isArray(value))
    )
      throw AppException.validation([{ field: 'body', message: 'must be a JSON object' }]);
    const errors: FieldError[] = [];
    unstorable(value, errors);
    if (errors.length > 0) throw AppException.validation(errors);
    const result: unknown = await super.transform(value, metadata);
    if (
      metadata.type === 'body' &&
      metadata.metatype &&
      result !== null &&
      typeof result === 'object' &&
      !Array.isArray(result)
    ) {
      const nulls = unexpectedNulls(result, metadata.metatype);
      if (nulls.length > 0) throw AppException.validation(nulls);
    }
    return result;
  }
}

/** Distinct valid queries remembered per query DTO class. */
const QUERY_MEMO = 256;

export function createValidationPipe(): ValidationPipe {
  return new AppValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => AppException.validation(flattenValidationErrors(errors)),
  });
}
