import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AppException, ErrorCode, appendAuditEvent, type AuditChanges } from '../../../platform/index.js';
import type { RegisterWitnessDto, WitnessDto, WitnessPageDto } from '../dto/witness.dto.js';
import { SIG_COSIGNATURE_V1, parseVerifierKey, type NoteVerifier } from '../signed-note.js';

interface WitnessRow {
  party_id: string;
  party_code: string;
  key_name: string;
  verifier_key: string;
  registered_at: Date;
}

interface PartyWithWitness {
  code: string;
  key_name: string | null;
  verifier_key: string | null;
  registered_at: Date | null;
  /** Another party whose witness key has this name or this key. */
  taken_by: string | null;
}

const witnessOf = (row: WitnessRow): WitnessDto => ({
  partyId: row.party_id,
  partyCode: row.party_code,
  keyName: row.key_name,
  verifierKey: row.verifier_key,
  registeredAt: row.registered_at.toISOString(),
});

/**
 * The parties' witness keys (`log_witnesses`): one cosignature/v1 key (c2sp.org/tlog-cosignature,
 * type 0x04) per party, with which it cosigns the log's checkpoints (cosignatures.service.ts).
 */
@Injectable()
export class WitnessesService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every party's key, by party code. */
  async list(): Promise<WitnessPageDto> {
    const rows = (await this.dataSource.query(
      `SELECT w.party_id, p.code AS party_code, w.key_name, w.verifier_key, w.registered_at
         FROM log_witnesses w JOIN parties p ON p.id = w.party_id ORDER BY p.code`,
    )) as WitnessRow[];
    return { items: rows.map(witnessOf), nextCursor: null };
  }

  /**
   * Sets the party's witness key, creating or replacing it (the same key again changes nothing).
   * Writes a `log_witnesses` audit event (create, or update with the key before and after).
   * Cosignatures already stored keep the key they were checked with.
   * @throws 400 VALIDATION_FAILED naming `verifierKey` (malformed, or not of type 0x04);
   *   404 NOT_FOUND (no such party); 409 WITNESS_KEY_TAKEN (another party's key has this name or key).
   */
  register(partyId: string, dto: RegisterWitnessDto): Promise<WitnessDto> {
    const verifier = parseWitnessKey(dto.verifierKey);
    return this.dataSource.transaction(async (m) => {
      const party = await lockParty(m, partyId, verifier.name, dto.verifierKey);
      if (!party) throw AppException.notFound(`Party ${partyId}`);
      if (party.taken_by)
        throw new AppException(
          ErrorCode.WitnessKeyTaken,
          `Party ${party.taken_by} already has a witness key named "${verifier.name}" or this very key: each party's key needs a name of its own.`,
          { errors: [{ field: 'verifierKey', message: "has another party's key name or key" }] },
        );
      const row = { party_id: partyId, party_code: party.code, key_name: verifier.name, verifier_key: dto.verifierKey };
      if (party.verifier_key === dto.verifierKey) return witnessOf({ ...row, registered_at: party.registered_at! });
      const [{ registered_at }] = (await m.query(
        `INSERT INTO log_witnesses (party_id, key_name, verifier_key) VALUES ($1, $2, $3)
         ON CONFLICT (party_id) DO UPDATE
           SET key_name = EXCLUDED.key_name, verifier_key = EXCLUDED.verifier_key, registered_at = now()
         RETURNING registered_at`,
        [partyId, verifier.name, dto.verifierKey],
      )) as { registered_at: Date }[];
      await appendAuditEvent(m, {
        action: party.verifier_key === null ? 'create' : 'update',
        entity: 'log_witnesses',
        entityId: partyId,
        changes: witnessChanges(party, row),
      });
      return witnessOf({ ...row, registered_at });
    });
  }
}

/**
 * The party (locked against a concurrent registration for it), its current key and whether
 * another party's key has this name or key, in one statement. NO KEY UPDATE: rows referring to
 * the party can still be written meanwhile.
 */
async function lockParty(
  m: EntityManager,
  partyId: string,
  keyName: string,
  verifierKey: string,
): Promise<PartyWithWitness | undefined> {
  const rows = (await m.query(
    `SELECT p.code, w.key_name, w.verifier_key, w.registered_at,
            (SELECT o.party_id FROM log_witnesses o
              WHERE (o.key_name = $2 OR o.verifier_key = $3) AND o.party_id <> p.id LIMIT 1) AS taken_by
       FROM parties p LEFT JOIN log_witnesses w ON w.party_id = p.id
      WHERE p.id = $1
        FOR NO KEY UPDATE OF p`,
    [partyId, keyName, verifierKey],
  )) as PartyWithWitness[];
  return rows[0];
}

function witnessChanges(before: PartyWithWitness, after: { key_name: string; verifier_key: string }): AuditChanges {
  const change = (was: string | null, now: string) => (was === null ? { after: now } : { before: was, after: now });
  const changes: AuditChanges = {};
  if (before.key_name !== after.key_name) changes.keyName = change(before.key_name, after.key_name);
  changes.verifierKey = change(before.verifier_key, after.verifier_key);
  return changes;
}

/** @throws 400 VALIDATION_FAILED naming `verifierKey` unless a well-formed vkey of type 0x04. */
function parseWitnessKey(vkey: string): NoteVerifier {
  let verifier: NoteVerifier;
  try {
    verifier = parseVerifierKey(vkey);
  } catch (error) {
    throw AppException.validation([{ field: 'verifierKey', message: (error as Error).message }]);
  }
  if (verifier.type !== SIG_COSIGNATURE_V1)
    throw AppException.validation([
      {
        field: 'verifierKey',
        message: `is a key of type 0x${verifier.type.toString(16).padStart(2, '0')}; a witness key is of type 0x04 (cosignature/v1, c2sp.org/tlog-cosignature)`,
      },
    ]);
  return verifier;
}
