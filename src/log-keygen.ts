/**
 * `npm run log:keygen -- --name <key name> [--witness] [--out <file>]`: a new Ed25519 key pair in
 * the signed-note format (c2sp.org/signed-note; key strings as golang.org/x/mod/sumdb/note).
 *
 * - Without `--witness`: the log's own key (type 0x01), what `LOG_SIGNING_KEY` takes. Its name
 *   must equal `LOG_ORIGIN`: checkpoints are signed by the log they name (c2sp.org/tlog-checkpoint).
 * - With `--witness`: a party's cosigner key (type 0x04, c2sp.org/tlog-cosignature). The party
 *   keeps the private key; an admin registers the verifier key (`PUT /api/v1/log/witnesses/{partyId}`).
 *
 * Prints the private key (`PRIVATE+KEY+…`) and the verifier key; with `--out` the private key is
 * written to that file instead (mode 600, never over an existing file) and only the verifier key
 * is printed. Exit codes: 0 done, 2 bad arguments or the file could not be written.
 * Imports only the pure signed-note module: no Nest, no database.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { SIG_COSIGNATURE_V1, SIG_ED25519, generateKey } from './audit/log/signed-note.js';

const USAGE = 'usage: npm run log:keygen -- --name <key name> [--witness] [--out <file>]';

function main(argv: string[]): number {
  let values: { name?: string; witness?: boolean; out?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        name: { type: 'string' },
        witness: { type: 'boolean', default: false },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (!values.name) {
    console.error(`--name is required\n${USAGE}`);
    return 2;
  }
  let keys: { skey: string; vkey: string };
  try {
    keys = generateKey(values.name, values.witness ? SIG_COSIGNATURE_V1 : SIG_ED25519);
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.out) {
    try {
      // 'wx': never replace a key someone may already rely on.
      writeFileSync(values.out, `${keys.skey}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      console.error(`cannot write ${values.out}: ${(error as Error).message}`);
      return 2;
    }
    console.log(`private key written to ${values.out} (mode 600): keep it secret`);
  } else {
    console.log(`private key (keep it secret): ${keys.skey}`);
  }
  console.log(`verifier key: ${keys.vkey}`);
  console.log(
    values.witness
      ? 'Give the verifier key to an admin to register it for your party (PUT /api/v1/log/witnesses/{partyId}); cosign with npm run log:verify -- --sign-key <private key file>.'
      : `Set LOG_SIGNING_KEY to the private key and LOG_ORIGIN=${values.name}; publish the verifier key so that every party can pin it.`,
  );
  return 0;
}

process.exitCode = main(process.argv.slice(2));
