import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { API_KEY_SCHEME, BEARER_SCHEME } from '../http/route-access.js';
import { ERROR_CODE_MEANINGS, ErrorCode, statusOf } from '../problem/app.exception.js';
import { STATUS_CODES } from 'node:http';
import { PROBLEM_LIMITS, problemType, statusTitle } from '../problem/problem.js';
import { INT32_MAX, int32, text } from '../validation/bounds.js';
import { withCsvResponses } from './csv-responses.js';
import { withEntityTags } from './entity-tags.js';
import { withIdempotencyKeys } from './idempotency-keys.js';
import { withLocations } from './locations.js';
import { withRequestIds } from './request-ids.js';
import { PROBLEM_CONTENT, WITHOUT_DATABASE, withExplicitStatuses } from './statuses.js';
import { RATE_LIMIT_HEADERS, withRateLimitHeaders } from './rate-limit-headers.js';
import { withRequestBodyResponses } from './request-body-responses.js';
import { documentValidationRules, withFormatLengths } from './validation-schema.js';
import { TEXT_ERROR_MEANINGS, TextErrorCode } from '../text/unicode.js';

/** How to sign in and what API clients are (Markdown). */
const SIGN_IN = `Tansiq (تنسيق) tracks the work of bilateral joint security committees: meetings and
their decisions, commitments each party made, assignments to liaison officers, and the
dual sign-off that holds both sides to them.

## Getting a token

1. \`POST /api/v1/auth/login\` with \`{"email": …, "password": …}\` answers an \`accessToken\`
   (valid \`expiresIn\` seconds) and a \`refreshToken\`.
2. Send the access token as \`Authorization: Bearer <accessToken>\`. On this page: **Authorize**,
   scheme \`bearer\`, paste the access token alone (without \`Bearer\`); then **Try it out**.
3. When it expires (401 \`TOKEN_INVALID\`), \`POST /api/v1/auth/refresh\` with the refresh token:
   a new pair; the old refresh token is spent (presented again later, it ends the session).
   \`POST /api/v1/auth/logout\` ends the session.

Account and API-client administration needs **sudo mode**: a sign-in or a password confirmation
(\`POST /api/v1/auth/sudo\`) within SUDO_WINDOW_MINUTES; otherwise 403 \`REAUTHENTICATION_REQUIRED\`.

**API clients** (reporting tools, machines) do not sign in: an admin creates one
(\`POST /api/v1/api-clients\`, which shows its key once) and the client sends \`X-API-Key: <key>\`
(**Authorize**, scheme \`apiKey\`). They read the committees they were given, and write nothing
but cosignatures.`;

/** The conventions every operation follows (Markdown). */
const CONVENTIONS = `## Conventions

JSON in and out with camelCase fields; ids are UUIDs (each path id says where to find it);
times are RFC 3339 UTC; dates are YYYY-MM-DD. Unknown fields and query parameters are rejected
with 400 (a route lists every query parameter it takes). Every
response carries \`X-Request-Id\` (yours when you send a sane one).

**Errors** are \`application/problem+json\` (RFC 9457, schema \`ProblemDetails\`) with \`type\`,
\`title\`, \`status\`, \`detail\`, \`requestId\`, a \`code\` naming the reason (every 4xx and 503;
branch on it, not on \`detail\`) and, for invalid input, \`errors: [{field, message}]\`.

**Conditional requests** (RFC 9110): a record's answer carries an \`ETag\`. Send it back in
\`If-None-Match\` on a GET to get 304 Not Modified when nothing changed, and in \`If-Match\` on a
change so that it applies only to the representation you read: 412 \`VERSION_MISMATCH\` (with the
current \`ETag\`) when the record changed meanwhile. \`If-Match\` is evaluated on every PATCH,
DELETE and action on a record (transitions, acknowledgement, decisions, timeline posts), under
the record's lock, and on every GET (evaluated before If-None-Match); \`*\` matches an existing
record, a list matches when one tag does, a weak \`W/"…"\` tag never matches. It is required
(428 \`IF_MATCH_REQUIRED\` without it) on PATCH of meetings, assignments and commitments, and
optional everywhere else.

**Created records**: every 201 carries \`Location\`, the path of the new record's GET.

**Idempotency-Key**: on a POST that creates a record, send a key of your choosing
(\`[A-Za-z0-9._:-]\`, up to 200 characters) to retry safely: the same key and body within 24 h
answer the stored response with \`Idempotent-Replayed: true\` instead of creating a second
record; the same key with another body is 422 \`IDEMPOTENCY_KEY_REUSED\`.

**Paging**: lists take \`limit\` and answer \`{items, nextCursor}\`; pass \`nextCursor\` as \`cursor\`
for the next page, or follow the \`Link: <…>; rel="next"\` header. \`sort\` takes one of the
listed fields; \`-field\` sorts descending.

**CSV**: the lists that offer \`text/csv\` answer CSV with \`?format=csv\` or \`Accept: text/csv\`:
the whole result (every page, the same filters and scope), streamed, UTF-8 with a byte-order
mark, formula-like cells neutralised with a leading \`'\`.

**Rate limits**: the sign-in routes (\`/auth/login\`, \`/auth/refresh\`, \`/auth/sudo\`,
\`/auth/logout\`) are limited per client address (each route says its limit) and answer
\`X-RateLimit-Limit\`, \`X-RateLimit-Remaining\` and \`X-RateLimit-Reset\`; beyond it, 429
\`RATE_LIMITED\` with \`Retry-After\`. Repeated wrong passwords lock the account for a while
(429 \`LOGIN_LOCKED\`).`;

/** A tag of the document: the name controllers give `@ApiTags`, and what its operations are about. */
export interface TagDoc {
  name: string;
  description: string;
}

/** What the composition root adds to the document: the tags, and the demo logins to list. */
export interface DocumentContext {
  tags: TagDoc[];
  /** The logins the demo data creates, all with `password`. */
  demo: { password: string; logins: { email: string; role: string; displayName: string }[] };
}

/** The introduction (`info.description`, Markdown): how to sign in, the demo logins, the conventions. */
export function introduction(demo: DocumentContext['demo']): string {
  const logins = demo.logins.map((l) => `| \`${l.email}\` | \`${l.role}\` | ${l.displayName} |`).join('\n');
  return `${SIGN_IN}

## Demo logins

When the demo data is loaded (the zero-setup start without \`DATABASE_URL\`, \`SEED_DEMO=true\`,
or \`npm run seed:demo\`), these logins exist, all with the password \`${demo.password}\`
(demo data only: never in a real deployment). The secretary and liaison logins act as demo
delegation members and see only the committees those sit on. The request examples on this
page are accepted with the demo data loaded, once the ids they name are replaced with real ones.

| e-mail | role | who |
| --- | --- | --- |
${logins}

${CONVENTIONS}`;
}

/** The OpenAPI 3.1 document of the running application. */
export function buildOpenApiDocument(app: INestApplication, context: DocumentContext): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Tansiq API')
    .setDescription(introduction(context.demo))
    .setVersion('1.0.0')
    .setOpenAPIVersion('3.1.0')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description:
          'Access token from POST /api/v1/auth/login: a JWS handled per RFC8725 (JWT Best Current Practices): one algorithm only (HS256; never `none` nor the header’s choice), issuer and audience checked, short-lived (`expiresIn` seconds).',
      },
      BEARER_SCHEME,
    )
    .addApiKey(
      {
        type: 'apiKey',
        in: 'header',
        name: 'X-API-Key',
        description: 'Key of an API client (read-only reporting access)',
      },
      API_KEY_SCHEME,
    );
  for (const tag of context.tags) builder.addTag(tag.name, tag.description);
  const config = builder.build();
  documentValidationRules();
  const document = SwaggerModule.createDocument(app, config, {
    // Every route names its own (@Operation); this camelCase fallback only keeps a route that
    // forgot from breaking Swagger UI's deep links, and the openapi test fails on it.
    operationIdFactory: (controller, method) => `${method}${controller.replace(/Controller$/, '')}`,
  });
  // Each pass documents one piece of plumbing; the statuses come once every parameter is in.
  const described = withLocations(
    withIdempotencyKeys(withEntityTags(withCsvResponses(withProblemDetails(withFormatLengths(toOpenApi31(document)))))),
  );
  return withRequestIds(
    withRateLimitHeaders(withRequestBodyResponses(withExplicitStatuses(withoutDefaultsOnPatch(described)))),
  );
}

/**
 * A PATCH body's schema without `default`s: @nestjs/swagger's PartialType copies them from the
 * create DTO (`active: true`, `progress: 0`, `timeZone: Asia/Beirut`), where they say what an
 * omitted field becomes. In a PATCH an omitted field stays as it is; a default there tells a
 * client (and generators that fill defaults in) that leaving `progress` out resets it to 0.
 */
export function withoutDefaultsOnPatch(document: OpenAPIObject): OpenAPIObject {
  const schemas = (document.components?.schemas ?? {}) as Record<
    string,
    { properties?: Record<string, Record<string, unknown>> }
  >;
  for (const item of Object.values(document.paths)) {
    const body = (item as { patch?: { requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> } } })
      .patch?.requestBody;
    for (const media of Object.values(body?.content ?? {})) {
      const name = media.schema?.$ref?.replace('#/components/schemas/', '');
      for (const property of Object.values(schemas[name ?? '']?.properties ?? {})) delete property.default;
    }
  }
  return document;
}

/**
 * Declares the problem document once (`ProblemDetails`, whose `code` enumerates every
 * ErrorCode with its status and meaning), makes the error responses declared on the routes
 * use it, and adds the 503 SERVICE_UNAVAILABLE (with Retry-After) of every operation that
 * needs the database. The other error statuses are withExplicitStatuses's.
 */
export function withProblemDetails(document: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const operation of Object.values(item as Record<string, { responses?: Record<string, object> }>)) {
      if (!operation?.responses) continue;
      if (!WITHOUT_DATABASE.has(path)) {
        const declared = operation.responses['503'] as { headers?: object } | undefined;
        operation.responses['503'] = {
          description: `SERVICE_UNAVAILABLE: ${ERROR_CODE_MEANINGS[ErrorCode.ServiceUnavailable]}`,
          ...declared,
          headers: { ...declared?.headers, 'Retry-After': { $ref: '#/components/headers/Retry-After' } },
        };
      }
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) >= 400) operation.responses[status] = { ...response, content: PROBLEM_CONTENT };
      }
      // A route that needs no credentials (@Public) says so: the empty requirement is "anonymous".
      (operation as { security?: object[] }).security ??= [{}];
    }
  }
  document.components ??= {};
  document.components.schemas = { ...document.components.schemas, ...PROBLEM_SCHEMAS };
  document.components.headers = { ...document.components.headers, 'Retry-After': RATE_LIMIT_HEADERS['Retry-After'] };
  return document;
}

const CODES = Object.values(ErrorCode);
const TEXT_CODES = Object.values(TextErrorCode);
/** The longest `type` (a code's URI, or `about:blank`) and `title` (a status text) served. */
const TYPE_MAX_LENGTH = Math.max('about:blank'.length, ...CODES.map((code) => problemType(code).length));
const TITLE_MAX_LENGTH = Math.max(
  ...Object.keys(STATUS_CODES).map((status) => statusTitle(Number(status)).length),
  statusTitle(999).length,
);

const PROBLEM_SCHEMAS = {
  FieldError: {
    type: 'object',
    required: ['field', 'message'],
    properties: {
      field: {
        ...text(PROBLEM_LIMITS.field),
        description: 'The field, with its path (`items[1].label`), query parameter or header.',
      },
      message: { ...text(PROBLEM_LIMITS.message), description: 'What is wrong with it.' },
      code: {
        type: 'string',
        enum: TEXT_CODES,
        description: `Why, where the rule has a reason of its own (the text rules):\n\n${TEXT_CODES.map(
          (code) => `- \`${code}\`: ${TEXT_ERROR_MEANINGS[code]}`,
        ).join('\n')}`,
      },
    },
  },
  ProblemDetails: {
    type: 'object',
    description: 'An error (RFC 9457). Members beyond these carry details of some codes (`currentState`, …).',
    required: ['type', 'title', 'status'],
    properties: {
      type: {
        ...text(TYPE_MAX_LENGTH, 1),
        description: 'URI of the problem type, derived from `code`; `about:blank` for a 500.',
      },
      title: { ...text(TITLE_MAX_LENGTH, 1), description: 'The HTTP status text.' },
      status: { ...int32(400, 599), description: 'The HTTP status.' },
      detail: { ...text(PROBLEM_LIMITS.detail), description: 'What happened, for people; do not parse it.' },
      instance: { ...text(PROBLEM_LIMITS.instance), description: 'The request path (its first 2,048 characters).' },
      requestId: {
        ...text(PROBLEM_LIMITS.requestId, 1),
        description: 'The X-Request-Id of the request, to quote when reporting.',
      },
      code: {
        type: 'string',
        enum: CODES,
        description: `Why the request failed; on every 4xx and 503, absent on a 500.\n\n${CODES.map(
          (code) => `- \`${code}\` (${statusOf(code)}): ${ERROR_CODE_MEANINGS[code]}`,
        ).join('\n')}`,
      },
      errors: {
        type: 'array',
        maxItems: PROBLEM_LIMITS.errors,
        items: { $ref: '#/components/schemas/FieldError' },
        description: `The invalid fields (the first ${PROBLEM_LIMITS.errors}).`,
      },
      permission: {
        ...text(PROBLEM_LIMITS.extension),
        description:
          'With `FORBIDDEN` from the permission table, `REAUTHENTICATION_REQUIRED` and `OWN_PASSWORD_REQUIRES_CURRENT`: the permission refused (`committee.file`, `seat.manage`, `commitment.confirm`, `account.administer`, …). A refused workflow move names it when one permission alone would allow the move.',
      },
      allowedActors: {
        type: 'array',
        maxItems: 10,
        items: text(PROBLEM_LIMITS.extension),
        description:
          'With `FORBIDDEN` on a workflow move: who may make it (`owner_side`, `other_side`, `secretary`, `assignee`).',
      },
      sudoUrl: {
        ...text(PROBLEM_LIMITS.extension),
        description: 'With `REAUTHENTICATION_REQUIRED`: where to confirm the password (`POST`), then retry.',
      },
      changePasswordUrl: {
        ...text(PROBLEM_LIMITS.extension),
        description:
          "With `OWN_PASSWORD_REQUIRES_CURRENT`: where one changes one's own password, with the current one.",
      },
      currentState: {
        ...text(PROBLEM_LIMITS.extension),
        description:
          'With `TRANSITION_NOT_ALLOWED`, `COMMITMENT_FROZEN`, `COMMITTEE_DISSOLVED`: the state the record is in.',
      },
      allowedTransitions: {
        type: 'array',
        maxItems: 20,
        items: text(PROBLEM_LIMITS.extension),
        description: 'With `TRANSITION_NOT_ALLOWED`: the states the record may move to from `currentState`.',
      },
      currentVersion: { ...int32(1, INT32_MAX), description: "With `VERSION_MISMATCH`: the record's current version." },
      references: {
        type: 'object',
        additionalProperties: int32(1),
        description: 'With `STILL_REFERENCED`: how many records of each kind still refer to this one.',
      },
    },
  },
};

/**
 * @nestjs/swagger emits OpenAPI 3.0 schema idioms; 3.1 uses JSON Schema 2020-12, where
 * `nullable` is a `null` member of `type` and exclusive bounds are numbers.
 */
export function toOpenApi31<T>(node: T): T {
  if (Array.isArray(node)) return node.map((item) => toOpenApi31(item)) as T;
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) out[key] = toOpenApi31(value);
  if (out.nullable === true) {
    delete out.nullable;
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else if (out.$ref || out.allOf || out.oneOf || out.anyOf) {
      const { description, ...schema } = out;
      return { ...(description ? { description } : {}), oneOf: [schema, { type: 'null' }] } as T;
    }
  } else if (out.nullable === false) {
    delete out.nullable;
  }
  for (const bound of ['Minimum', 'Maximum'] as const) {
    if (out[`exclusive${bound}`] === true) {
      out[`exclusive${bound}`] = out[bound.toLowerCase()];
      delete out[bound.toLowerCase()];
    } else if (out[`exclusive${bound}`] === false) {
      delete out[`exclusive${bound}`];
    }
  }
  return out as T;
}

export function setupDocs(app: INestApplication, document: OpenAPIObject): void {
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'docs/openapi.json',
    yamlDocumentUrl: 'docs/openapi.yaml',
    customSiteTitle: 'Tansiq API',
    swaggerOptions: { persistAuthorization: true, displayRequestDuration: true },
  });
}
