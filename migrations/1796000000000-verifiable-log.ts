import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Tables the application only ever appends to (refused: UPDATE, DELETE, TRUNCATE). */
const APPEND_ONLY = ['log_leaves', 'log_nodes', 'log_checkpoints', 'log_cosignatures'];

/**
 * The verifiable log (docs/verifiable-log.md). Audit events are written with no chain hash
 * and no lock: each row records the id of the transaction that wrote it (`xid`), so the
 * sequencer can tell which events its last snapshot did not see (`pg_current_snapshot()`). The sequencer
 * numbers committed events in the order it sees them commit and appends them as leaves of
 * an RFC 9162 Merkle tree: `log_leaves` (level 0) and `log_nodes` (the perfect subtrees of
 * level ≥ 1, so any proof is a few index lookups). Each signed checkpoint is kept with the
 * sequencer's snapshot when it was made (where the next read starts). Parties register a witness key each and post cosignatures.
 *
 * The old hash chain (`prev_hash`, `hash`, one global lock per write) is dropped: existing
 * events become the first leaves, in their chain order.
 */
export class VerifiableLog1796000000000 implements MigrationInterface {
  name = 'VerifiableLog1796000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DROP FUNCTION tansiq_audit_append(bigint, text, text, timestamptz, text, uuid, text, text, text, jsonb, text)`,
    );
    await queryRunner.query(`ALTER TABLE audit_events DROP COLUMN prev_hash, DROP COLUMN hash`);
    // Existing rows get this migration's transaction id: one batch, ordered by seq.
    await queryRunner.query(`ALTER TABLE audit_events ADD COLUMN xid xid8 NOT NULL DEFAULT pg_current_xact_id()`);
    await queryRunner.query(`CREATE INDEX audit_events_xid_idx ON audit_events (xid)`);

    await queryRunner.query(`CREATE TABLE log_leaves (
      "index" bigint PRIMARY KEY CHECK ("index" >= 0),
      event_seq bigint NOT NULL UNIQUE REFERENCES audit_events (seq),
      hash bytea NOT NULL CHECK (octet_length(hash) = 32))`);
    await queryRunner.query(`CREATE TABLE log_nodes (
      level smallint NOT NULL CHECK (level BETWEEN 1 AND 62),
      "index" bigint NOT NULL CHECK ("index" >= 0),
      hash bytea NOT NULL CHECK (octet_length(hash) = 32),
      PRIMARY KEY (level, "index"))`);
    await queryRunner.query(`CREATE TABLE log_checkpoints (
      tree_size bigint PRIMARY KEY CHECK (tree_size >= 0),
      root_hash bytea NOT NULL CHECK (octet_length(root_hash) = 32),
      snapshot pg_snapshot NOT NULL,
      note text NOT NULL,
      signed_at timestamptz NOT NULL DEFAULT now())`);
    await queryRunner.query(`CREATE TABLE log_witnesses (
      party_id uuid PRIMARY KEY REFERENCES parties (id),
      key_name text NOT NULL UNIQUE,
      verifier_key text NOT NULL UNIQUE,
      registered_at timestamptz NOT NULL DEFAULT now())`);
    await queryRunner.query(`CREATE TABLE log_cosignatures (
      party_id uuid NOT NULL REFERENCES parties (id),
      tree_size bigint NOT NULL REFERENCES log_checkpoints (tree_size),
      verifier_key text NOT NULL,
      signature_line text NOT NULL,
      cosigned_at timestamptz NOT NULL,
      received_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (party_id, tree_size))`);
    await queryRunner.query(`CREATE INDEX log_cosignatures_tree_size_idx ON log_cosignatures (tree_size)`);
    for (const table of APPEND_ONLY) {
      await queryRunner.query(
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION tansiq_append_only()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION tansiq_append_only()`,
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['log_cosignatures', 'log_witnesses', 'log_checkpoints', 'log_nodes', 'log_leaves'])
      await queryRunner.query(`DROP TABLE ${table}`);
    await queryRunner.query(`DROP INDEX audit_events_xid_idx`);
    await queryRunner.query(`ALTER TABLE audit_events DROP COLUMN xid`);
    // The chain's hashes cannot be restored: events keep their content, the links start empty.
    await queryRunner.query(
      `ALTER TABLE audit_events ADD COLUMN prev_hash text NOT NULL DEFAULT '', ADD COLUMN hash text NOT NULL DEFAULT ''`,
    );
    await queryRunner.query(
      `ALTER TABLE audit_events ALTER COLUMN prev_hash DROP DEFAULT, ALTER COLUMN hash DROP DEFAULT`,
    );
    const [{ schema }] = (await queryRunner.query(`SELECT current_schema() AS schema`)) as { schema: string }[];
    const fn = (name: string) => `"${schema}".${name}`;
    await queryRunner.query(`CREATE FUNCTION tansiq_audit_append(lock_key bigint, canonical_head text, canonical_tail text,
        p_occurred_at timestamptz, p_actor_type text, p_actor_id uuid, p_action text, p_entity text, p_entity_id text,
        p_changes jsonb, p_request_id text) RETURNS void
      LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        prev text;
        next_seq bigint;
      BEGIN
        PERFORM pg_advisory_xact_lock(lock_key);
        SELECT e.hash INTO prev FROM ${fn('audit_events')} e ORDER BY e.seq DESC LIMIT 1;
        prev := coalesce(prev, repeat('0', 64));
        next_seq := nextval(pg_get_serial_sequence('${fn('audit_events')}', 'seq'));
        INSERT INTO ${fn('audit_events')} (seq, occurred_at, actor_type, actor_id, action, entity, entity_id, changes,
            request_id, prev_hash, hash)
          VALUES (next_seq, p_occurred_at, p_actor_type, p_actor_id, p_action, p_entity, p_entity_id, p_changes,
            p_request_id, prev, encode(sha256(convert_to(
              canonical_head || '"prevHash":"' || prev || '"' || canonical_tail || next_seq::text || '"}', 'UTF8')), 'hex'));
      END $$`);
  }
}
