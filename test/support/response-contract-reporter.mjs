// Prints what the response contract checked in this run (test/support/response-contract.ts):
// setup-after-env.ts writes one file per test file into TANSIQ_TEST_CONTRACT_DIR; this sums them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The sum of the per-file tallies in `dir`. */
export function sumTallies(dir) {
  const total = { files: 0, validated: 0, operations: new Set(), statuses: new Set(), outside: {} };
  for (const name of readdirSync(dir)) {
    const tally = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    total.files += 1;
    total.validated += tally.validated;
    for (const operation of tally.operations) total.operations.add(operation);
    for (const status of tally.statuses) total.statuses.add(status);
    for (const [rule, count] of Object.entries(tally.outside)) total.outside[rule] = (total.outside[rule] ?? 0) + count;
  }
  return total;
}

/** How many operations the document lists. */
function documentedOperations(rootDir) {
  const document = JSON.parse(readFileSync(join(rootDir, 'openapi.json'), 'utf8'));
  return Object.values(document.paths).flatMap((item) => Object.values(item).filter((op) => op?.responses)).length;
}

export default class ResponseContractReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete() {
    const dir = process.env.TANSIQ_TEST_CONTRACT_DIR;
    if (!dir || !existsSync(dir)) return;
    const total = sumTallies(dir);
    if (total.validated === 0 && Object.keys(total.outside).length === 0) return;
    const outside = Object.entries(total.outside)
      .map(([rule, count]) => `${count} ${rule}`)
      .join(', ');
    process.stderr.write(
      `response contract: ${total.validated} responses validated against the document (${total.operations.size} operations of ${documentedOperations(this.rootDir)}, ${total.statuses.size} statuses)${outside ? `; outside the API: ${outside}` : ''}.\n`,
    );
  }
}
