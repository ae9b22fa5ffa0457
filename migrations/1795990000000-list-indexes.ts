import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Items without a due date sort last: the key every work-item list orders by. */
const DUE_KEY = `coalesce(due_on, '9999-12-31'::date)`;

/**
 * Indexes that serve every work-item list's keyset order, so a page costs the same at 10k or
 * 1M rows: for each allowed sort, `(committee_id, key, id)`; for the default sort also with
 * `status` (the usual filter) and over the open items only (the overdue filter).
 * `/me/assignments` pages through one person's assignments across committees by due date:
 * the due date is copied onto `assignment_assignees` (kept by triggers) so one index orders
 * them. An audit event is appended in one round trip (lock, tail and insert).
 */
export class ListIndexes1795990000000 implements MigrationInterface {
  name = 'ListIndexes1795990000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const fn = await qualifier(queryRunner);
    for (const [table, closed] of [
      ['commitments', `'fulfilled', 'withdrawn'`],
      ['assignments', `'done', 'cancelled'`],
    ] as const) {
      await queryRunner.query(`DROP INDEX "${table}_committee_due_idx"`);
      await queryRunner.query(`DROP INDEX "${table}_status_idx"`);
      await queryRunner.query(`CREATE INDEX "${table}_due_key_idx" ON "${table}" (committee_id, ${DUE_KEY}, id)`);
      await queryRunner.query(
        `CREATE INDEX "${table}_status_due_key_idx" ON "${table}" (committee_id, status, ${DUE_KEY}, id)`,
      );
      await queryRunner.query(
        `CREATE INDEX "${table}_open_due_key_idx" ON "${table}" (committee_id, ${DUE_KEY}, id) WHERE status NOT IN (${closed})`,
      );
      await queryRunner.query(`CREATE INDEX "${table}_created_idx" ON "${table}" (committee_id, created_at, id)`);
      await queryRunner.query(`CREATE INDEX "${table}_updated_idx" ON "${table}" (committee_id, updated_at, id)`);
    }

    await queryRunner.query(`ALTER TABLE assignment_assignees ADD due_on date`);
    await queryRunner.query(
      `UPDATE assignment_assignees aa SET due_on = a.due_on FROM assignments a WHERE a.id = aa.assignment_id`,
    );
    await queryRunner.query(`DROP INDEX "assignment_assignees_person_idx"`);
    await queryRunner.query(
      `CREATE INDEX "assignment_assignees_person_due_key_idx" ON assignment_assignees (person_id, ${DUE_KEY}, assignment_id)`,
    );
    await queryRunner.query(`CREATE FUNCTION tansiq_assignee_due_on() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.due_on := (SELECT due_on FROM ${fn('assignments')} WHERE id = NEW.assignment_id);
        RETURN NEW;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER assignment_assignees_due_on BEFORE INSERT OR UPDATE OF assignment_id
      ON assignment_assignees FOR EACH ROW EXECUTE FUNCTION tansiq_assignee_due_on()`);
    await queryRunner.query(`CREATE FUNCTION tansiq_assignment_due_on() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE ${fn('assignment_assignees')} SET due_on = NEW.due_on WHERE assignment_id = NEW.id;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER assignments_due_on AFTER UPDATE OF due_on ON assignments
      FOR EACH ROW WHEN (OLD.due_on IS DISTINCT FROM NEW.due_on) EXECUTE FUNCTION tansiq_assignment_due_on()`);

    // One round trip per audit event: the chain's lock (held to commit), its tail, and the
    // insert. Volatile plpgsql: the SELECT after the lock takes a new snapshot, so it sees the
    // event committed by the previous holder (one plain statement would not). The hash is
    // SHA-256 of the event's canonical JSON (src/platform/crypto/canonical.ts), which the
    // application sends around the two values only known here: prev_hash and seq. The
    // callers' transactions are READ COMMITTED (the default, never changed in src/): under
    // REPEATABLE READ the tail read after the lock would miss the previous holder's event.
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

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `DROP FUNCTION tansiq_audit_append(bigint, text, text, timestamptz, text, uuid, text, text, text, jsonb, text)`,
    );
    await queryRunner.query(`DROP TRIGGER assignments_due_on ON assignments`);
    await queryRunner.query(`DROP FUNCTION tansiq_assignment_due_on()`);
    await queryRunner.query(`DROP TRIGGER assignment_assignees_due_on ON assignment_assignees`);
    await queryRunner.query(`DROP FUNCTION tansiq_assignee_due_on()`);
    await queryRunner.query(`DROP INDEX "assignment_assignees_person_due_key_idx"`);
    await queryRunner.query(`CREATE INDEX "assignment_assignees_person_idx" ON "assignment_assignees" ("person_id") `);
    await queryRunner.query(`ALTER TABLE assignment_assignees DROP COLUMN due_on`);
    for (const table of ['commitments', 'assignments']) {
      for (const index of ['due_key', 'status_due_key', 'open_due_key', 'created', 'updated'])
        await queryRunner.query(`DROP INDEX "${table}_${index}_idx"`);
      await queryRunner.query(`CREATE INDEX "${table}_status_idx" ON "${table}" ("status") `);
      await queryRunner.query(`CREATE INDEX "${table}_committee_due_idx" ON "${table}" ("committee_id", "due_on") `);
    }
  }
}

async function qualifier(queryRunner: QueryRunner): Promise<(name: string) => string> {
  const [{ schema }] = (await queryRunner.query(`SELECT current_schema() AS schema`)) as { schema: string }[];
  return (name: string) => `"${schema}".${name}`;
}
