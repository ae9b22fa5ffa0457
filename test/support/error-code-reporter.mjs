// After a complete, green run, checks that every ErrorCode was produced by some test (a
// response asserted with expectProblem, test/support/problems.ts, which records the code in
// TANSIQ_TEST_CODES_DIR, one file per worker). A partial run (some test files, -t, a
// failure) proves nothing about coverage and is left alone.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The files jest.config.mjs's testMatch selects. */
function allTestFiles(rootDir) {
  const found = [];
  const walk = (dir, accept) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path, accept);
      else if (accept(entry.name)) found.push(resolve(path));
    }
  };
  walk(join(rootDir, 'test'), (name) => name.endsWith('.spec.ts') || name.endsWith('.e2e-spec.ts'));
  walk(join(rootDir, 'src'), (name) => name.endsWith('.spec.ts'));
  return found;
}

function producedCodes(dir) {
  const codes = new Set();
  for (const file of readdirSync(dir)) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) if (line) codes.add(line);
  }
  return codes;
}

export default class ErrorCodeReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
    this.error = undefined;
  }

  async onRunComplete(_contexts, results) {
    const dir = process.env.TANSIQ_TEST_CODES_DIR;
    if (!dir || !existsSync(dir)) return;
    const green =
      results.numFailedTests === 0 &&
      results.numFailedTestSuites === 0 &&
      results.numRuntimeErrorTestSuites === 0 &&
      results.numPendingTests === 0 &&
      results.numTodoTests === 0 &&
      !results.wasInterrupted;
    const ran = new Set(results.testResults.map((r) => resolve(r.testFilePath)));
    if (!green || allTestFiles(this.rootDir).some((file) => !ran.has(file))) return;

    const { ErrorCode } = await import(
      pathToFileURL(join(this.rootDir, 'dist/src/platform/problem/app.exception.js')).href
    );
    const produced = producedCodes(dir);
    const missing = Object.values(ErrorCode).filter((code) => !produced.has(code));
    if (missing.length === 0) {
      process.stderr.write(`Error codes: all ${Object.values(ErrorCode).length} produced by a test.\n`);
      return;
    }
    this.error = new Error(
      `No test produced these error codes (assert a response with expectProblem(res, status, code)): ${missing.join(', ')}`,
    );
    process.stderr.write(`\n${this.error.message}\n`);
  }

  getLastError() {
    return this.error;
  }
}
