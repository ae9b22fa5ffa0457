import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';

/**
 * The response contract: every response an e2e test receives is checked against the OpenAPI
 * document (openapi.json, which test/platform/openapi.e2e-spec.ts keeps equal to the one the
 * app builds). `checkResponse` is the check; test-app.ts calls it from a Fastify `onSend` hook
 * of every test app and records what it finds here; setup-after-env.ts fails the test that
 * caused a violation and writes the counts the reporter (response-contract-reporter.mjs) sums.
 */

/** What the server sent, as the `onSend` hook sees it. */
export interface SentResponse {
  method: string;
  /** Fastify's route pattern (`/api/v1/users/:id`), undefined when no route matched. */
  route: string | undefined;
  /** The request target, for messages. */
  url: string;
  status: number;
  headers: Record<string, string | number | string[] | undefined>;
  /** The serialized body; undefined or '' when there is none. */
  body: string | undefined;
}

/** The verdict on one response. */
export type Verdict =
  | { kind: 'operation'; operation: string; status: string; errors: string[] }
  | { kind: 'outside'; rule: string; errors: string[] };

interface MediaType {
  schema?: object;
}
interface Header {
  required?: boolean;
  schema?: { type?: string | string[] } & object;
  $ref?: string;
}
interface ResponseObject {
  content?: Record<string, MediaType>;
  headers?: Record<string, Header>;
}
interface Document {
  paths: Record<string, Record<string, { responses?: Record<string, ResponseObject> }>>;
  components: { headers?: Record<string, Header>; schemas?: Record<string, SchemaObject> };
}
interface SchemaObject {
  type?: string | string[];
  properties?: Record<string, unknown>;
  additionalProperties?: unknown;
}

const DOCUMENT_ID = 'https://tansiq.invalid/openapi.json';

/**
 * Headers a response may carry without its operation declaring them: the message's framing
 * and representation metadata (RFC 9110, RFC 9112; Content-Type is checked against the
 * documented media types), CORS's answers to an `Origin`, and the security headers helmet
 * writes on every answer alike (security-headers.ts). Any other header a response of an
 * operation sends (ETag, Location, Retry-After, WWW-Authenticate, …) must be declared on
 * that response: a client reads what the document lists.
 */
const GENERIC_HEADERS = new Set([
  'content-type',
  'content-length',
  'date',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'vary',
  'content-security-policy',
  'cross-origin-opener-policy',
  'cross-origin-resource-policy',
  'origin-agent-cluster',
  'referrer-policy',
  'strict-transport-security',
  'x-content-type-options',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-frame-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
]);
const isGeneric = (name: string) => GENERIC_HEADERS.has(name) || name.startsWith('access-control-');
const PROBLEM = 'application/problem+json';

/** `/api/v1/users/:id` → `/api/v1/users/{id}`; no trailing slash (routes ignore it). */
export function pathTemplate(route: string): string {
  const template = route.replace(/:([A-Za-z0-9_]+)(\([^)]*\))?/g, '{$1}');
  return template.length > 1 ? template.replace(/\/+$/, '') : template;
}

/**
 * The document with every object schema of `components.schemas` closed
 * (`additionalProperties: false`), ProblemDetails excepted (RFC 9457 §3.2: extension members).
 * The document leaves them open (a client must ignore unknown members), but the server must
 * not send a field the document does not name: an undocumented or leaked field (a hash, an
 * internal column) is a violation here.
 */
export function closeSchemas(document: Document): Document {
  const copy = structuredClone(document);
  for (const [name, schema] of Object.entries(copy.components.schemas ?? {})) {
    if (name === 'ProblemDetails' || schema.properties === undefined) continue;
    schema.additionalProperties ??= false;
  }
  return copy;
}

/** A JSON Pointer token (RFC 6901). */
const pointer = (token: string) => token.replace(/~/g, '~0').replace(/\//g, '~1');

const ajvMessage = (e: ErrorObject) =>
  `${e.instancePath || '(body)'} ${e.message ?? e.keyword}${e.keyword === 'additionalProperties' ? ` (${String(e.params.additionalProperty)})` : ''}${e.keyword === 'enum' ? ` ${JSON.stringify(e.params.allowedValues)}` : ''}`;

/**
 * Non-operations: routes that serve no operation of the document, each with its rule. Anything
 * else without an operation in the document is a violation.
 */
const OUTSIDE_THE_API: { rule: string; matches: (route: string | undefined, method: string) => boolean }[] = [
  // No route matched (404 for an unknown path, 400 for a malformed URL): an error of the API all the same.
  { rule: 'no route: a problem document', matches: (route) => route === undefined },
  // Swagger UI and the document itself (checked whole by openapi.e2e-spec.ts with SwaggerParser).
  { rule: '/docs: errors only', matches: (route) => route !== undefined && /^\/docs(\/|$)/.test(route) },
  // test/support/probe.module.ts: routes that exist only in tests, to reach the error paths.
  { rule: 'test probe: errors only', matches: (route) => route?.startsWith('/api/v1/probe/') ?? false },
  // CORS preflight (@fastify/cors's OPTIONS *): 204 without a body, or a problem.
  { rule: 'CORS preflight: 204 or errors', matches: (route, method) => method === 'OPTIONS' && route === '*' },
];

export class ResponseContract {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly document: Document) {
    formats.default(this.ajv);
    // OpenAPI's own formats (OAS 3.1 §4.4): the ranges the document promises.
    const integer = (bits: number) => (n: number) => Number.isInteger(n) && Math.abs(n) <= 2 ** (bits - 1);
    this.ajv.addFormat('int32', { type: 'number', validate: integer(32) });
    this.ajv.addFormat('int64', { type: 'number', validate: integer(64) });
    this.ajv.addFormat('float', { type: 'number', validate: () => true });
    this.ajv.addFormat('double', { type: 'number', validate: () => true });
    this.ajv.addSchema({ ...closeSchemas(document), $id: DOCUMENT_ID });
  }

  /** The document this contract checks against. */
  get paths(): Document['paths'] {
    return this.document.paths;
  }

  check(res: SentResponse): Verdict {
    const outside = res.route === undefined ? OUTSIDE_THE_API[0] : undefined;
    const template = res.route === undefined ? undefined : pathTemplate(res.route);
    // A HEAD is the GET without its body (RFC 9110 §9.3.2): the GET operation's statuses and headers.
    const method = (res.method === 'HEAD' ? 'get' : res.method).toLowerCase();
    const operation = template === undefined ? undefined : this.document.paths[template]?.[method];
    if (!operation) {
      const rule = outside ?? OUTSIDE_THE_API.find((r) => r.matches(res.route, res.method));
      if (!rule) {
        return {
          kind: 'outside',
          rule: 'undocumented operation',
          errors: [`${res.method} ${template ?? res.url} is not an operation of the document`],
        };
      }
      return { kind: 'outside', rule: rule.rule, errors: this.checkOutside(res, rule.rule) };
    }
    const name = `${method.toUpperCase()} ${template}`;
    const responses = operation.responses ?? {};
    const status = String(res.status);
    const key = status in responses ? status : `${status[0]}XX` in responses ? `${status[0]}XX` : 'default';
    const documented = responses[key];
    if (!documented) {
      return {
        kind: 'operation',
        operation: name,
        status,
        errors: [`status ${status} is not documented (documented: ${Object.keys(responses).join(', ')})`],
      };
    }
    const pointerTo = `#/paths/${pointer(template!)}/${method}/responses/${pointer(key)}`;
    const errors = [...this.checkHeaders(res, documented), ...this.checkBody(res, documented, pointerTo)];
    // Every operation documents 500 (an unexpected error is a bare problem document), but no
    // test may meet one: it is a fault, whichever test causes it. Test-only routes, outside
    // the document (/probe/boom), still answer it on purpose.
    if (status === '500')
      errors.push('status 500 is an unexpected server error: documented for faults, never expected');
    return { kind: 'operation', operation: name, status: key, errors };
  }

  /** A response no operation documents: errors must be problem documents, the rest follows its rule. */
  private checkOutside(res: SentResponse, rule: string): string[] {
    if (res.status >= 400) {
      return this.checkBody(res, { content: { [PROBLEM]: { schema: {} } } }, '#/components/schemas/ProblemDetails');
    }
    if (rule.startsWith('no route')) return [`status ${res.status} without a route: only errors are expected`];
    if (rule.startsWith('CORS') && res.status !== 204) return [`a preflight answers 204, not ${res.status}`];
    return [];
  }

  private checkBody(res: SentResponse, documented: ResponseObject, pointerTo: string): string[] {
    const content = documented.content ?? {};
    const sentType = String(res.headers['content-type'] ?? '')
      .split(';')[0]!
      .trim()
      .toLowerCase();
    if (Object.keys(content).length === 0) {
      if (!res.body) return [];
      return [`a body (${sentType || 'no content type'}) where the document declares none`];
    }
    if (!(sentType in content)) {
      return [`content type "${sentType}" is not documented (documented: ${Object.keys(content).join(', ')})`];
    }
    // A HEAD runs the GET and Fastify drops its body on the way out (RFC 9110 §9.3.2): the headers are the GET's.
    if (res.method === 'HEAD') return [];
    if (!res.body) return [`no body where the document declares ${sentType}`];
    if (!sentType.endsWith('json')) return this.validate(`${pointerTo}/content/${pointer(sentType)}/schema`, res.body);
    let body: unknown;
    try {
      body = JSON.parse(res.body);
    } catch {
      return [`the ${sentType} body is not JSON`];
    }
    const schema = pointerTo.startsWith('#/components/')
      ? pointerTo
      : `${pointerTo}/content/${pointer(sentType)}/schema`;
    return this.validate(schema, body);
  }

  private checkHeaders(res: SentResponse, documented: ResponseObject): string[] {
    const errors: string[] = [];
    const declared = new Set(Object.keys(documented.headers ?? {}).map((name) => name.toLowerCase()));
    for (const [name, value] of Object.entries(res.headers)) {
      if (value === undefined || isGeneric(name.toLowerCase()) || declared.has(name.toLowerCase())) continue;
      errors.push(`header ${name} is sent but not declared on this response`);
    }
    for (const [name, declared] of Object.entries(documented.headers ?? {})) {
      // OAS 3.1 §4.8.17: a Content-Type header definition is ignored.
      if (name.toLowerCase() === 'content-type') continue;
      const header = declared.$ref ? this.resolveHeader(declared.$ref) : declared;
      const value = res.headers[name.toLowerCase()];
      if (value === undefined) {
        if (header.required) errors.push(`header ${name} is required and missing`);
        continue;
      }
      const types = [header.schema?.type ?? []].flat();
      const raw = String(value);
      const typed =
        types.some((t) => t === 'integer' || t === 'number') && /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw;
      const validate = this.compile(header.schema ?? {});
      if (!validate(typed))
        errors.push(...(validate.errors ?? []).map((e) => `header ${name}: ${ajvMessage(e).replace('(body) ', '')}`));
    }
    return errors;
  }

  private resolveHeader(ref: string): Header {
    const name = decodeURIComponent(ref.replace('#/components/headers/', ''));
    const header = this.document.components.headers?.[name];
    if (!header) throw new Error(`The document refers to a header it does not declare: ${ref}`);
    return header;
  }

  private validate(schemaPointer: string, value: unknown): string[] {
    const validate = this.compile({ $ref: `${DOCUMENT_ID}${schemaPointer}` });
    return validate(value) ? [] : (validate.errors ?? []).map(ajvMessage);
  }

  private compile(schema: object): ValidateFunction {
    const key = JSON.stringify(schema);
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(schema);
      this.compiled.set(key, validate);
    }
    return validate;
  }
}

let contract: ResponseContract | undefined;

/** The contract of openapi.json, compiled once per process (per jest worker). */
export function responseContract(): ResponseContract {
  contract ??= new ResponseContract(JSON.parse(readFileSync(join(process.cwd(), 'openapi.json'), 'utf8')) as Document);
  return contract;
}

/** A violation of the contract, with the test during which the response was sent. */
export interface Violation {
  test: string | undefined;
  message: string;
}

/** What one jest worker saw in the current test file (see setup-after-env.ts). */
export interface ContractTally {
  /** Responses checked against an operation of the document. */
  validated: number;
  /** `GET /api/v1/users/{id}` for each operation seen. */
  operations: Set<string>;
  /** `GET /api/v1/users/{id} 200` for each documented response seen. */
  statuses: Set<string>;
  /** Responses outside the API, by rule. */
  outside: Map<string, number>;
  violations: Violation[];
}

const TALLY = Symbol.for('tansiq.responseContract.tally');

/** The tally of this test file (one module registry per file; the symbol survives registries). */
export function contractTally(): ContractTally {
  const holder = globalThis as { [TALLY]?: ContractTally };
  holder[TALLY] ??= { validated: 0, operations: new Set(), statuses: new Set(), outside: new Map(), violations: [] };
  return holder[TALLY];
}

/** Checks one response and records the verdict; never throws (the hook must not change the response). */
export function recordResponse(res: SentResponse): void {
  const tally = contractTally();
  const test = (globalThis as { expect?: { getState(): { currentTestName?: string } } }).expect?.getState()
    .currentTestName;
  let verdict: Verdict;
  try {
    verdict = responseContract().check(res);
  } catch (error) {
    tally.violations.push({
      test,
      message: `${res.method} ${res.url} ${res.status}: the check failed: ${String(error)}`,
    });
    return;
  }
  if (verdict.kind === 'operation') {
    tally.validated += 1;
    tally.operations.add(verdict.operation);
    tally.statuses.add(`${verdict.operation} ${verdict.status}`);
  } else {
    tally.outside.set(verdict.rule, (tally.outside.get(verdict.rule) ?? 0) + 1);
  }
  if (verdict.errors.length > 0) {
    const where = verdict.kind === 'operation' ? `operation ${verdict.operation}` : verdict.rule;
    tally.violations.push({
      test,
      message: `${res.method} ${res.url} → ${res.status} (${where}) breaks the OpenAPI document:\n${verdict.errors.map((e) => `  - ${e}`).join('\n')}`,
    });
  }
}
