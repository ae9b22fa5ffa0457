import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '../../platform/index.js';
import { generateKey, parseSignerKey, type NoteSigner } from './signed-note.js';

/** Where a development instance keeps the key it generated (mode 600). */
export const KEY_FILE = 'log-signing.key';

/** Test processes share one generated key per origin (apps on one database must agree). */
const ephemeral = new Map<string, string>();

/**
 * The log's checkpoint signer (Ed25519, C2SP signed-note type 0x01): `LOG_SIGNING_KEY` when
 * set; otherwise generated once into `<DATA_DIR>/log-signing.key` (development) or for the
 * process (test). Production requires the setting (config.ts). The key's name must be the
 * log's origin: checkpoints are signed by the log they name (C2SP tlog-checkpoint).
 * @throws Error naming LOG_SIGNING_KEY when the key is malformed or named otherwise.
 */
export function loadLogSigner(config: AppConfig): NoteSigner {
  const { origin, signingKey } = config.log;
  const skey =
    signingKey ?? (config.nodeEnv === 'test' ? ephemeralKey(origin) : keyFromDataDir(config.dataDir, origin));
  let signer: NoteSigner;
  try {
    signer = parseSignerKey(skey);
  } catch (error) {
    throw new Error(`LOG_SIGNING_KEY: ${(error as Error).message}`, { cause: error });
  }
  if (signer.name !== origin)
    throw new Error(`LOG_SIGNING_KEY is named "${signer.name}" but LOG_ORIGIN is "${origin}": they must be the same`);
  return signer;
}

function ephemeralKey(origin: string): string {
  let skey = ephemeral.get(origin);
  if (!skey) ephemeral.set(origin, (skey = generateKey(origin).skey));
  return skey;
}

function keyFromDataDir(dataDir: string, origin: string): string {
  const path = join(dataDir, KEY_FILE);
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const { skey } = generateKey(origin);
  writeFileSync(path, `${skey}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(path, 0o600);
  return skey;
}
