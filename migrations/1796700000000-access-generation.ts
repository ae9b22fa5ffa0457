import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The tables a caller's seats are read from (`seatsJsonSql` in
 * src/identity/access/access.service.ts): the memberships, their committees (existence and
 * time zone, which sets the committee's "today") and the committees' parties. A table that
 * `seatsJsonSql` comes to read must be added here.
 */
const SEAT_TABLES = ['memberships', 'committees', 'committee_parties'] as const;

/**
 * `access_generation`: one row, one counter `n`, raised by every statement that changes a
 * row of a table the seats are read from (SEAT_TABLES), in that statement's transaction
 * (issue 9). The guard reads `n` with the account and skips the seats subquery when the
 * caller's seats were last read at the same `n` (and in the same 15-minute bucket): in one
 * snapshot, the new `n` is visible exactly when the change that raised it is, so an
 * unchanged `n` means no committed change since (a sequence is not transactional: a reader
 * could see a new number before the change, or the change before the number).
 *
 * The lock: the UPDATE takes the row's lock, held until commit, so the writers of these
 * tables take turns from their first changed row to their commit. They are admin writes
 * (seats, committees, their parties), short and rare. No new deadlock with the existing lock
 * order: a seat change locks its committee `FOR UPDATE` first and a committee's update locks
 * its row first (`updateVersioned`), and both raise `n` only by writing; after that they
 * write audit events (no lock) and rows of the same committee (its parties, its report
 * tallies, whose writers take the committee row first). A statement that changes no row
 * (a party's delete cascading to no committee, a set left as it was) does not raise `n` and
 * takes no lock: the transition table is empty. The one cycle left needs a party deleted
 * while two committees add it: the delete's cascade removes the link one committed and waits
 * for `n`, held by the other, which waits for the party's row; PostgreSQL's deadlock check
 * ends one of the two, where before the committee's write failed on the deleted party.
 *
 * A single row is enforced by its key: `one boolean PRIMARY KEY CHECK (one)`. No entity
 * declares the table (only SQL reads it), like the report tallies.
 */
export class AccessGeneration1796700000000 implements MigrationInterface {
  name = 'AccessGeneration1796700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const [{ schema }] = (await queryRunner.query(`SELECT current_schema() AS schema`)) as { schema: string }[];
    await queryRunner.query(`CREATE TABLE access_generation (
        one boolean PRIMARY KEY DEFAULT true CONSTRAINT access_generation_one_row CHECK (one),
        n bigint NOT NULL)`);
    await queryRunner.query(`INSERT INTO access_generation (one, n) VALUES (true, 0)`);
    // Each statement is planned when first run: the transition table is named only where it exists.
    await queryRunner.query(`CREATE FUNCTION tansiq_access_generation_raise() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'TRUNCATE' THEN
          IF NOT EXISTS (SELECT FROM changed_rows) THEN
            RETURN NULL;
          END IF;
        END IF;
        UPDATE "${schema}".access_generation SET n = n + 1;
        RETURN NULL;
      END $$`);
    for (const table of SEAT_TABLES) {
      const raise = `FOR EACH STATEMENT EXECUTE FUNCTION tansiq_access_generation_raise()`;
      await queryRunner.query(`CREATE TRIGGER ${table}_access_insert AFTER INSERT ON ${table}
        REFERENCING NEW TABLE AS changed_rows ${raise}`);
      await queryRunner.query(`CREATE TRIGGER ${table}_access_update AFTER UPDATE ON ${table}
        REFERENCING NEW TABLE AS changed_rows ${raise}`);
      await queryRunner.query(`CREATE TRIGGER ${table}_access_delete AFTER DELETE ON ${table}
        REFERENCING OLD TABLE AS changed_rows ${raise}`);
      await queryRunner.query(`CREATE TRIGGER ${table}_access_truncate AFTER TRUNCATE ON ${table} ${raise}`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of SEAT_TABLES) {
      for (const op of ['insert', 'update', 'delete', 'truncate'])
        await queryRunner.query(`DROP TRIGGER ${table}_access_${op} ON ${table}`);
    }
    await queryRunner.query(`DROP FUNCTION tansiq_access_generation_raise()`);
    await queryRunner.query(`DROP TABLE access_generation`);
  }
}
