import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Response } from 'supertest';

/** A problem document (RFC 9457) as the API sends it; `errors` on a 400 names the fields. */
export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  instance?: string;
  requestId?: string;
  code?: string;
  errors?: { field: string; message: string }[];
  /** Conflicts of a workflow name the state and the moves it allows. */
  currentState?: string;
  allowedTransitions?: string[];
  /** A 403 of the permission table names the permission refused. */
  permission?: string;
  [member: string]: unknown;
}

/**
 * Asserts that `res` is a problem response: Content-Type application/problem+json, this HTTP
 * status, the same `status` in the body and, when given, this reason `code` with a `type`
 * naming it. Returns the body for further assertions (`detail`, `errors`, `currentState`…).
 *
 * Each code asserted is recorded for the run: after a complete, green run the error-code
 * reporter (test/support/error-code-reporter.mjs) fails the run when some ErrorCode was
 * never produced through this helper.
 */
export function expectProblem(res: Response, status: number, code?: string): Problem {
  const expected = code === undefined ? { status } : { status, code };
  // The whole body goes into the comparison so that a failure shows what the API answered.
  expect({ status: res.status, body: res.body as unknown }).toMatchObject({ status, body: expected });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  if (code !== undefined) {
    expect((res.body as Problem).type).toBe(`https://tansiq.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`);
    recordProducedCode(code);
  }
  return res.body as Problem;
}

/** Asserts a 400 problem response whose `errors` name `field` (among others); returns the body. */
export function expectInvalid(res: Response, field: string): Problem {
  const problem = expectProblem(res, 400, 'VALIDATION_FAILED');
  expect((problem.errors ?? []).map((e) => e.field)).toContain(field);
  return problem;
}

/** One file per worker process, appended to: workers never write to the same file. */
function recordProducedCode(code: string): void {
  const dir = process.env.TANSIQ_TEST_CODES_DIR;
  if (dir) appendFileSync(join(dir, `produced-${process.pid}.txt`), `${code}\n`);
}
