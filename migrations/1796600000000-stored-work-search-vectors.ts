import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The work tables whose rows change without their searched text (progress figures, moves, due
 * dates), with the columns `tansiq_search_vector` takes, in the order of their former index.
 */
const STORED: [table: string, columns: string[]][] = [
  ['commitments', ['title', 'description']],
  ['assignments', ['title', 'description', 'border_sector']],
];

/**
 * Stores the search vector of commitments and assignments (`search_vector`), kept by a trigger
 * when the searched text is written, and indexes the column instead of the expression (issue 9).
 *
 * An expression index is computed again for every new row version that is not a HOT update,
 * and every change of a work item is one (`updated_at` is indexed for `sort=updatedAt`): a
 * progress figure recomputed `tansiq_search_vector` of the commitment's unchanged title and
 * description (about 0.7 ms of database CPU on the scale data's bilingual text, under the
 * commitment's row lock), which measured 0.64–0.90 ms per update against 0.05 ms with the
 * stored column (1,920 updates of 64 commitments, the same GIN index otherwise). The stored
 * vector is the very value the expression gave: `q=` and GET /search find the same records.
 *
 * The trigger writes the column on insert and when the searched text (or the column itself)
 * changes, so the application never writes it and cannot set one that disagrees with the text.
 * A later change of `tansiq_search_vector` or of the fold must recompute the column
 * (`UPDATE … SET search_vector = tansiq_search_vector(…)`) where this migration's first
 * version REINDEXed.
 *
 * `tansiq_search_check(vector, query)`: `vector @@ query` in a function the planner cannot
 * inline, declared at the cost the match had when it computed the vector (COST 5000, as
 * `tansiq_search_vector`). `searchMatchSql` adds it to a stored vector's match. PostgreSQL
 * estimates a search's prefix terms at several percent of the rows however rare the word
 * (492 of 10,001 for a word in one row), and a match on a plain column costs a list's
 * ordered scan next to nothing per row: it would read a whole committee in due order to find
 * one record. Priced as before, rare words are read through the GIN index and a common word
 * in the list's order, the plans issue 12 chose (test/search/search-plans.e2e-spec.ts). Run on
 * the index's hits only, it costs a few microseconds each. The back-fill computes every row once: about 0.7 ms a row here (12
 * minutes for 1,000,000 commitments); the report tallies' trigger is disabled meanwhile (the
 * vector is no figure of theirs).
 */
export class StoredWorkSearchVectors1796600000000 implements MigrationInterface {
  name = 'StoredWorkSearchVectors1796600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const [{ schema }] = (await queryRunner.query(`SELECT current_schema() AS schema`)) as { schema: string }[];
    await queryRunner.query(`CREATE FUNCTION tansiq_search_check(vector tsvector, query tsquery) RETURNS boolean
      LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE COST 5000 AS $$ BEGIN RETURN vector @@ query; END $$`);
    for (const [table, columns] of STORED) {
      const vector = (row: string) =>
        `"${schema}".tansiq_search_vector(${columns.map((c) => `${row}.${c}`).join(', ')})`;
      const changed = [...columns, 'search_vector'].map((c) => `OLD.${c} IS DISTINCT FROM NEW.${c}`).join(' OR ');
      await queryRunner.query(`ALTER TABLE ${table} ADD search_vector tsvector`);
      await queryRunner.query(`CREATE FUNCTION tansiq_${table}_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          NEW.search_vector := ${vector('NEW')};
          RETURN NEW;
        END $$`);
      await queryRunner.query(`CREATE TRIGGER ${table}_search_vector_insert BEFORE INSERT ON ${table}
        FOR EACH ROW EXECUTE FUNCTION tansiq_${table}_search_vector()`);
      await queryRunner.query(`DROP INDEX ${table}_search_idx`);
      await queryRunner.query(`ALTER TABLE ${table} DISABLE TRIGGER ${table}_report_update`);
      await queryRunner.query(`UPDATE ${table} t SET search_vector = ${vector('t')}`);
      await queryRunner.query(`ALTER TABLE ${table} ENABLE TRIGGER ${table}_report_update`);
      // After the back-fill, which would otherwise compute every vector twice.
      await queryRunner.query(`CREATE TRIGGER ${table}_search_vector_update
        BEFORE UPDATE OF ${[...columns, 'search_vector'].join(', ')} ON ${table}
        FOR EACH ROW WHEN (${changed}) EXECUTE FUNCTION tansiq_${table}_search_vector()`);
      await queryRunner.query(`ALTER TABLE ${table} ALTER search_vector SET NOT NULL`);
      await queryRunner.query(`CREATE INDEX ${table}_search_idx ON ${table} USING gin (search_vector)`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table, columns] of STORED) {
      await queryRunner.query(`DROP INDEX ${table}_search_idx`);
      await queryRunner.query(`DROP TRIGGER ${table}_search_vector_update ON ${table}`);
      await queryRunner.query(`DROP TRIGGER ${table}_search_vector_insert ON ${table}`);
      await queryRunner.query(`DROP FUNCTION tansiq_${table}_search_vector()`);
      await queryRunner.query(`ALTER TABLE ${table} DROP COLUMN search_vector`);
      await queryRunner.query(
        `CREATE INDEX ${table}_search_idx ON ${table} USING gin (tansiq_search_vector(${columns.join(', ')}))`,
      );
    }
    await queryRunner.query(`DROP FUNCTION tansiq_search_check(tsvector, tsquery)`);
  }
}
