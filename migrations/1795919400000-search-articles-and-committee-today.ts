import type { MigrationInterface, QueryRunner } from 'typeorm';

const SEARCH_INDEXES = ['parties', 'agencies', 'issue_areas', 'people', 'committees'].map((t) => `${t}_search_idx`);

/**
 * Search: Arabic words are also indexed and queried without their article (ال, with an
 * optional و ف ب ك ل before it), so "مخدرات" finds "المخدرات".
 * Dates: "today" for a committee is the date in its own time zone, in SQL as in the code.
 */
export class SearchArticlesAndCommitteeToday1795919400000 implements MigrationInterface {
  name = 'SearchArticlesAndCommitteeToday1795919400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const fn = await qualifier(queryRunner);
    await queryRunner.query(`CREATE FUNCTION tansiq_strip_article(input text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURNS NULL ON NULL INPUT AS $$
        SELECT regexp_replace(input, '(^|\\s)[وفبكل]?ال(\\S{2,})', '\\1\\2', 'g')
      $$`);
    await queryRunner.query(`CREATE OR REPLACE FUNCTION tansiq_search_vector(VARIADIC parts text[]) RETURNS tsvector
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT to_tsvector('english'::regconfig, t) || to_tsvector('arabic'::regconfig, t) || to_tsvector('simple'::regconfig, t)
               || to_tsvector('simple'::regconfig, ${fn('tansiq_strip_article')}(t))
          FROM (SELECT ${fn('tansiq_normalize')}(array_to_string(parts, ' ')) AS t) normalised
      $$`);
    await queryRunner.query(`CREATE OR REPLACE FUNCTION tansiq_search_query(q text) RETURNS tsquery
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT plainto_tsquery('english'::regconfig, n) || plainto_tsquery('arabic'::regconfig, n)
               || coalesce((SELECT to_tsquery('simple'::regconfig, string_agg(quote_literal(lexeme) || ':*', ' & '))
                              FROM unnest(tsvector_to_array(to_tsvector('simple'::regconfig, ${fn('tansiq_strip_article')}(n)))) AS lexeme), ''::tsquery)
          FROM (SELECT ${fn('tansiq_normalize')}(q) AS n) normalised
      $$`);
    for (const index of SEARCH_INDEXES) await queryRunner.query(`REINDEX INDEX ${index}`);
    await queryRunner.query(`CREATE FUNCTION tansiq_committee_today(committee uuid) RETURNS date
      LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT (now() AT TIME ZONE time_zone)::date FROM ${fn('committees')} WHERE id = committee
      $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const fn = await qualifier(queryRunner);
    await queryRunner.query(`DROP FUNCTION tansiq_committee_today(uuid)`);
    await queryRunner.query(`CREATE OR REPLACE FUNCTION tansiq_search_vector(VARIADIC parts text[]) RETURNS tsvector
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT to_tsvector('english'::regconfig, t) || to_tsvector('arabic'::regconfig, t) || to_tsvector('simple'::regconfig, t)
          FROM (SELECT ${fn('tansiq_normalize')}(array_to_string(parts, ' ')) AS t) normalised
      $$`);
    await queryRunner.query(`CREATE OR REPLACE FUNCTION tansiq_search_query(q text) RETURNS tsquery
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT plainto_tsquery('english'::regconfig, n) || plainto_tsquery('arabic'::regconfig, n)
               || coalesce((SELECT to_tsquery('simple'::regconfig, string_agg(quote_literal(lexeme) || ':*', ' & '))
                              FROM unnest(tsvector_to_array(to_tsvector('simple'::regconfig, n))) AS lexeme), ''::tsquery)
          FROM (SELECT ${fn('tansiq_normalize')}(q) AS n) normalised
      $$`);
    for (const index of SEARCH_INDEXES) await queryRunner.query(`REINDEX INDEX ${index}`);
    await queryRunner.query(`DROP FUNCTION tansiq_strip_article(text)`);
  }
}

/** PostgreSQL 17+ runs index expressions with a safe search_path: qualify the calls. */
async function qualifier(queryRunner: QueryRunner): Promise<(name: string) => string> {
  const [{ schema }] = (await queryRunner.query(`SELECT current_schema() AS schema`)) as { schema: string }[];
  return (name: string) => `"${schema}".${name}`;
}
