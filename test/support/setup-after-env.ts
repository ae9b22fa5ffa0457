// Loading Nest's ESM entry points first avoids "require() of ES Module in a cycle" when a
// test file's imports reach them through a CommonJS dependency.
import 'reflect-metadata';
import '@nestjs/common';
import '@nestjs/core';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { contractTally, type Violation } from './response-contract.js';

// The response contract (response-contract.ts): a response that breaks the OpenAPI document
// fails the test that caused it; one sent outside any test (beforeAll, afterAll) fails the file.
const failWith = (violations: Violation[]) => {
  if (violations.length === 0) return;
  throw new Error(
    `${violations.length} response(s) broke the OpenAPI document (test/README.md, "Response contract"):\n${violations.map((v) => v.message).join('\n')}`,
  );
};

afterEach(() => {
  const tally = contractTally();
  const current = expect.getState().currentTestName;
  const mine = tally.violations.filter((v) => v.test === current);
  tally.violations = tally.violations.filter((v) => v.test !== current);
  failWith(mine);
});

afterAll(() => {
  const tally = contractTally();
  const dir = process.env.TANSIQ_TEST_CONTRACT_DIR;
  if (dir) {
    // One file per test file, summed by response-contract-reporter.mjs.
    const file = join(dir, `${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(
      file,
      JSON.stringify({
        validated: tally.validated,
        operations: [...tally.operations],
        statuses: [...tally.statuses],
        outside: Object.fromEntries(tally.outside),
      }),
    );
  }
  const leftover = tally.violations;
  tally.violations = [];
  failWith(leftover);
});
