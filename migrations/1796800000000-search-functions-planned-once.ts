import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The search vector and query functions (docs/search.md) in PL/pgSQL, with the very same
 * bodies: the same folds, the same dictionaries, in the same order, so every vector and query
 * is the one the SQL functions gave and no index is rebuilt.
 *
 * Why: PostgreSQL before 18 plans a SQL function's body again in every statement that calls
 * it, unless it can inline the body (these cannot: a FROM clause or a sub-select). A
 * timeline entry is inserted by one statement and its GIN index computes
 * `tansiq_search_vector(body)`: planning that body cost about 0.2 ms of the 0.34 ms the call
 * took, on every progress update and every new or edited commitment or assignment (their
 * stored vectors' triggers), and every search planned `tansiq_search_query` and
 * `tansiq_prefix_query` again. PL/pgSQL plans each expression once per session. Measured
 * (backend CPU per call, 3,000 calls): 343 → 130 µs for an English sentence, 433 → 133 µs
 * for an Arabic one.
 *
 * `tansiq_search_vector` keeps COST 5000 (migration WorkSearch1796300000000).
 */
export class SearchFunctionsPlannedOnce1796800000000 implements MigrationInterface {
  name = 'SearchFunctionsPlannedOnce1796800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const fn = await qualifier(queryRunner);
    await queryRunner.query(`CREATE OR REPLACE FUNCTION tansiq_search_vector(VARIADIC parts text[]) RETURNS tsvector
      LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE COST 5000 AS $$
      DECLARE
        joined text := array_to_string(parts, ' ');
        t text := ${fn('tansiq_normalize')}(joined);
        s text := ${fn('tansiq_normalize_seats')}(joined);
      BEGIN
        RETURN to_tsvector('english'::regconfig, t) || to_tsvector('arabic'::regconfig, t) || to_tsvector('simple'::regconfig, t)
               || to_tsvector('simple'::regconfig, ${fn('tansiq_strip_article')}(t))
               || to_tsvector('simple'::regconfig, ${fn('tansiq_strip_article')}(s));
      END $$`);
    await queryRunner.query(`CREATE OR REPLACE FUNCTION tansiq_prefix_query(normalised text) RETURNS tsquery
      LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
      BEGIN
        RETURN coalesce((SELECT to_tsquery('simple'::regconfig, string_agg(quote_literal(lexeme) || ':*', ' & '))
                           FROM unnest(tsvector_to_array(to_tsvector('simple'::regconfig, ${fn('tansiq_strip_article')}(normalised)))) AS lexeme),
                        ''::tsquery);
      END $$`);
    await queryRunner.query(`CREATE OR REPLACE FUNCTION tansiq_search_query(q text) RETURNS tsquery
      LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
      DECLARE
        n text := ${fn('tansiq_normalize')}(q);
        s text := ${fn('tansiq_normalize_seats')}(q);
      BEGIN
        RETURN plainto_tsquery('english'::regconfig, n) || plainto_tsquery('arabic'::regconfig, n)
               || ${fn('tansiq_prefix_query')}(n) || ${fn('tansiq_prefix_query')}(s);
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const fn = await qualifier(queryRunner);
    // The SQL bodies as migrations TextNormalisation1796100000000 and WorkSearch1796300000000 left them.
    await queryRunner.query(`CREATE OR REPLACE FUNCTION tansiq_search_vector(VARIADIC parts text[]) RETURNS tsvector
      LANGUAGE sql IMMUTABLE PARALLEL SAFE COST 5000 AS $$
        SELECT to_tsvector('english'::regconfig, t) || to_tsvector('arabic'::regconfig, t) || to_tsvector('simple'::regconfig, t)
               || to_tsvector('simple'::regconfig, ${fn('tansiq_strip_article')}(t))
               || to_tsvector('simple'::regconfig, ${fn('tansiq_strip_article')}(s))
          FROM (SELECT ${fn('tansiq_normalize')}(joined) AS t, ${fn('tansiq_normalize_seats')}(joined) AS s
                  FROM (SELECT array_to_string(parts, ' ') AS joined) parts) normalised
      $$`);
    await queryRunner.query(`CREATE OR REPLACE FUNCTION tansiq_prefix_query(normalised text) RETURNS tsquery
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT coalesce((SELECT to_tsquery('simple'::regconfig, string_agg(quote_literal(lexeme) || ':*', ' & '))
                           FROM unnest(tsvector_to_array(to_tsvector('simple'::regconfig, ${fn('tansiq_strip_article')}(normalised)))) AS lexeme),
                        ''::tsquery)
      $$`);
    await queryRunner.query(`CREATE OR REPLACE FUNCTION tansiq_search_query(q text) RETURNS tsquery
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT plainto_tsquery('english'::regconfig, n) || plainto_tsquery('arabic'::regconfig, n)
               || ${fn('tansiq_prefix_query')}(n) || ${fn('tansiq_prefix_query')}(s)
          FROM (SELECT ${fn('tansiq_normalize')}(q) AS n, ${fn('tansiq_normalize_seats')}(q) AS s) normalised
      $$`);
  }
}

/** PostgreSQL 17+ runs index expressions with a safe search_path: qualify the calls. */
async function qualifier(queryRunner: QueryRunner): Promise<(name: string) => string> {
  const [{ schema }] = (await queryRunner.query(`SELECT current_schema() AS schema`)) as { schema: string }[];
  return (name: string) => `"${schema}".${name}`;
}
