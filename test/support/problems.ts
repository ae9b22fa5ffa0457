import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Response } from 'supertest';

/**
 * Asserts that `res` is a problem document (RFC 9457) with this HTTP status and reason
 * code, its `type` naming the code, and records the code for the run: after a complete,
 * green run the error-code reporter (test/support/error-code-reporter.mjs) fails the run
 * when some ErrorCode was never produced through this helper.
 */
export function expectProblem(res: Response, status: number, code: string): void {
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.body as { status?: unknown; code?: unknown; type?: unknown };
  expect({ httpStatus: res.status, status: body.status, code: body.code }).toEqual({
    httpStatus: status,
    status,
    code,
  });
  expect(body.type).toBe(`https://tansiq.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`);
  recordProducedCode(code);
}

/** One file per worker process, appended to: workers never write to the same file. */
function recordProducedCode(code: string): void {
  const dir = process.env.TANSIQ_TEST_CODES_DIR;
  if (dir) appendFileSync(join(dir, `produced-${process.pid}.txt`), `${code}\n`);
}
