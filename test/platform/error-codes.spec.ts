import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ERROR_CODE_MEANINGS, ErrorCode, statusOf } from '../../src/platform/problem/app.exception.js';

/**
 * Every published reason code with its HTTP status, written out: clients branch on these,
 * so adding one is a decision and changing one is a breaking change.
 */
const PUBLISHED: Record<string, number> = {
  VALIDATION_FAILED: 400,
  MALFORMED_REQUEST: 400,
  COSIGNATURE_INVALID: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  TOKEN_INVALID: 401,
  API_KEY_INVALID: 401,
  REFRESH_TOKEN_INVALID: 401,
  REFRESH_TOKEN_REUSED: 401,
  FORBIDDEN: 403,
  REAUTHENTICATION_REQUIRED: 403,
  OWN_PASSWORD_REQUIRES_CURRENT: 403,
  WITNESS_KEY_UNKNOWN: 403,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  CHECKPOINT_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  TRANSITION_NOT_ALLOWED: 409,
  COMMITMENT_FROZEN: 409,
  COMMITTEE_DISSOLVED: 409,
  PARTY_HAS_MEMBERS: 409,
  PARTY_NOT_IN_COMMITTEE: 409,
  ALREADY_SEATED: 409,
  COCHAIR_SEAT_TAKEN: 409,
  STILL_REFERENCED: 409,
  DUPLICATE_CODE: 409,
  DUPLICATE_EMAIL: 409,
  IDEMPOTENCY_KEY_IN_PROGRESS: 409,
  CONCURRENT_CHANGE: 409,
  UNIQUE_VIOLATION: 409,
  CHECK_VIOLATION: 409,
  REFERENCE_VIOLATION: 409,
  CHECKPOINT_UNKNOWN: 409,
  CHECKPOINT_ROLLBACK: 409,
  CHECKPOINT_INCONSISTENT: 409,
  WITNESS_KEY_TAKEN: 409,
  VERSION_MISMATCH: 412,
  PAYLOAD_TOO_LARGE: 413,
  URI_TOO_LONG: 414,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IDEMPOTENCY_KEY_REUSED: 422,
  IF_MATCH_REQUIRED: 428,
  LOGIN_LOCKED: 429,
  RATE_LIMITED: 429,
  HEADERS_TOO_LARGE: 431,
  SERVICE_UNAVAILABLE: 503,
};

const codes = Object.values(ErrorCode) as string[];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

describe('error codes', () => {
  it('are exactly the published ones, each mapped to its status', () => {
    expect(Object.fromEntries(codes.map((code) => [code, statusOf(code as ErrorCode)]))).toEqual(PUBLISHED);
  });

  it('each have a one-line docstring starting with the status, the same text the OpenAPI document gives', () => {
    const source = readFileSync('src/platform/problem/app.exception.ts', 'utf8');
    const documented = new Map(
      [...source.matchAll(/\/\*\* (\d{3}): (.+?) \*\/\n\s+\w+ = '([A-Z_]+)',/g)].map((m) => [
        m[3]!,
        { status: Number(m[1]), text: m[2] },
      ]),
    );
    for (const code of codes) {
      expect({ code, doc: documented.get(code) }).toEqual({
        code,
        doc: { status: PUBLISHED[code], text: ERROR_CODE_MEANINGS[code as ErrorCode] },
      });
    }
  });

  it('are all in the README table under HTTP conventions, with their status and meaning', () => {
    const readme = readFileSync('README.md', 'utf8');
    const section = readme.slice(
      readme.indexOf('## HTTP conventions'),
      readme.indexOf('\n## ', readme.indexOf('## HTTP conventions') + 1),
    );
    const rows = [...section.matchAll(/^\| `([A-Z_]+)` +\| (\d{3}) +\| (.+?) +\|$/gm)].map((m) => [
      m[1]!,
      { status: Number(m[2]), meaning: m[3] },
    ]);
    expect(Object.fromEntries(rows)).toEqual(
      Object.fromEntries(
        codes.map((code) => [code, { status: PUBLISHED[code], meaning: ERROR_CODE_MEANINGS[code as ErrorCode] }]),
      ),
    );
    expect(rows).toHaveLength(codes.length);
  });

  it('are the enum of ProblemDetails.code in the committed OpenAPI document, whose error responses (each status explicit) all use it', () => {
    const doc = JSON.parse(readFileSync('openapi.json', 'utf8')) as {
      paths: Record<
        string,
        Record<string, { responses: Record<string, { content?: Record<string, { schema?: unknown }> }> }>
      >;
      components: {
        schemas: Record<string, { properties: Record<string, { enum?: string[]; description?: string }> }>;
      };
    };
    const code = doc.components.schemas.ProblemDetails!.properties.code!;
    expect([...code.enum!].sort()).toEqual(Object.keys(PUBLISHED).sort());
    for (const [name, status] of Object.entries(PUBLISHED))
      expect(code.description).toContain(`- \`${name}\` (${status}):`);
    const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDetails' } } };
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const errors = Object.entries(operation.responses).filter(([s]) => Number(s) >= 400);
        // Every status explicit: no 4XX or 5XX catch-all, and some error listed.
        expect({
          operation: `${method} ${path}`,
          catchAll: Object.keys(operation.responses).filter((s) => /XX$/.test(s)),
          errors: errors.length > 0,
        }).toEqual({ operation: `${method} ${path}`, catchAll: [], errors: true });
        for (const [status, response] of errors) {
          expect({ operation: `${method} ${path} ${status}`, content: response.content }).toEqual({
            operation: `${method} ${path} ${status}`,
            content: problem,
          });
        }
      }
    }
  });

  it('are each asserted by some test against a real HTTP response, with their status (expectProblem)', () => {
    const asserted = new Map<string, Set<number>>();
    for (const file of filesUnder('test').filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(
        /expectProblem\(((?:(?!expectProblem\()[\s\S])*?),\s*(\d{3}),\s*'([A-Z_]+)',?\s*\)/g,
      )) {
        asserted.set(m[3]!, (asserted.get(m[3]!) ?? new Set()).add(Number(m[2])));
      }
    }
    expect(Object.fromEntries([...asserted].map(([code, statuses]) => [code, [...statuses]]))).toEqual(
      Object.fromEntries(Object.entries(PUBLISHED).map(([code, status]) => [code, [status]])),
    );
  });
});
