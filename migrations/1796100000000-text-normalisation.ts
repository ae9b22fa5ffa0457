import type { MigrationInterface, QueryRunner } from 'typeorm';
import { normalizeEmail } from '../src/platform/text/unicode.js';

const SEARCH_INDEXES = ['parties', 'agencies', 'issue_areas', 'people', 'committees'].map((t) => `${t}_search_idx`);

/**
 * Characters removed before search: soft hyphen, Arabic letter mark, Mongolian vowel
 * separator, zero-width space/non-joiner/joiner, LRM/RLM, bidi embeddings, overrides and
 * isolates, word joiner and invisible operators, and the BOM / zero-width no-break space.
 */
const INVISIBLE_MARKS = '[\\u00AD\\u061C\\u180E\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]';
/** Arabic harakat, superscript alef and Quranic marks (as before). */
const ARABIC_DIACRITICS = '[\\u064B-\\u065F\\u0670\\u06D6-\\u06ED]';
/**
 * After NFKC: alef with hamza or madda and alef wasla → alef, alef maqsura → ya, taa marbuta
 * → haa, Persian keheh and Farsi yeh → Arabic kaf and ya, heh with yeh above → haa,
 * Arabic-Indic and Persian digits → ASCII; then the hamza seats ؤ ئ (the argument says into
 * what), and tatweel removed (it has no counterpart, so `translate` drops it).
 */
const FROM = 'أإآٱىةکیۀ٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹ؤئـ';
const TO = 'اااايهكيه01234567890123456789';

/**
 * Text is compared in one form.
 *
 * Search: `tansiq_normalize` (the index side, through `tansiq_search_vector`, and the query
 * side, through `tansiq_search_query`: one SQL function for both) now also removes invisible
 * and direction marks, applies NFKC (presentation forms, ligatures, fullwidth letters),
 * folds Persian letters and Arabic-Indic/Persian digits, and writes the hamza seats ؤ and ئ
 * as ء, so مسئول and مسؤول are one word. The earlier fold (ؤ → و, ئ → ي: a word typed
 * without its hamza) is kept as a second form, `tansiq_normalize_seats`, indexed and
 * queried beside it. The search indexes are rebuilt.
 *
 * Identity: stored e-mail addresses (accounts and people) are rewritten in the form the
 * API now stores (`normalizeEmail`: NFKC, lower case, IDNA domain) and codes in NFKC. If two
 * accounts' addresses (or two codes) become one, the migration stops and names them, and
 * nothing is changed: which account survives is for an administrator to decide.
 */
export class TextNormalisation1796100000000 implements MigrationInterface {
  name = 'TextNormalisation1796100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const fn = await qualifier(queryRunner);
    await queryRunner.query(`CREATE FUNCTION tansiq_fold(input text, hamza_seats text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURNS NULL ON NULL INPUT AS $$
        SELECT lower(regexp_replace(
                 translate(normalize(regexp_replace(input, '${INVISIBLE_MARKS}', '', 'g'), NFKC),
                           '${FROM}', '${TO}' || hamza_seats),
                 '${ARABIC_DIACRITICS}', '', 'g'))
      $$`);
    await queryRunner.query(`CREATE OR REPLACE FUNCTION tansiq_normalize(input text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURNS NULL ON NULL INPUT AS $$
        SELECT ${fn('tansiq_fold')}(input, 'ءء')
      $$`);
    await queryRunner.query(`CREATE FUNCTION tansiq_normalize_seats(input text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURNS NULL ON NULL INPUT AS $$
        SELECT ${fn('tansiq_fold')}(input, 'وي')
      $$`);
    await queryRunner.query(`CREATE FUNCTION tansiq_prefix_query(normalised text) RETURNS tsquery
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT coalesce((SELECT to_tsquery('simple'::regconfig, string_agg(quote_literal(lexeme) || ':*', ' & '))
                           FROM unnest(tsvector_to_array(to_tsvector('simple'::regconfig, ${fn('tansiq_strip_article')}(normalised)))) AS lexeme),
                        ''::tsquery)
      $$`);
    await queryRunner.query(`CREATE OR REPLACE FUNCTION tansiq_search_vector(VARIADIC parts text[]) RETURNS tsvector
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT to_tsvector('english'::regconfig, t) || to_tsvector('arabic'::regconfig, t) || to_tsvector('simple'::regconfig, t)
               || to_tsvector('simple'::regconfig, ${fn('tansiq_strip_article')}(t))
               || to_tsvector('simple'::regconfig, ${fn('tansiq_strip_article')}(s))
          FROM (SELECT ${fn('tansiq_normalize')}(joined) AS t, ${fn('tansiq_normalize_seats')}(joined) AS s
                  FROM (SELECT array_to_string(parts, ' ') AS joined) parts) normalised
      $$`);
    await queryRunner.query(`CREATE OR REPLACE FUNCTION tansiq_search_query(q text) RETURNS tsquery
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT plainto_tsquery('english'::regconfig, n) || plainto_tsquery('arabic'::regconfig, n)
               || ${fn('tansiq_prefix_query')}(n) || ${fn('tansiq_prefix_query')}(s)
          FROM (SELECT ${fn('tansiq_normalize')}(q) AS n, ${fn('tansiq_normalize_seats')}(q) AS s) normalised
      $$`);
    for (const index of SEARCH_INDEXES) await queryRunner.query(`REINDEX INDEX ${index}`);

    await rewrite(queryRunner, 'users', 'email', [], normalizeEmail);
    await rewrite(queryRunner, 'people', 'email', null, normalizeEmail);
    const nfkc = (code: string) => code.normalize('NFKC');
    await rewrite(queryRunner, 'parties', 'code', [], nfkc);
    await rewrite(queryRunner, 'agencies', 'code', ['party_id'], nfkc);
    await rewrite(queryRunner, 'issue_areas', 'code', [], nfkc);
    await rewrite(queryRunner, 'committees', 'code', [], nfkc);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // The stored e-mails and codes stay in their normal form (the old code accepts it too).
    const fn = await qualifier(queryRunner);
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
    await queryRunner.query(`CREATE OR REPLACE FUNCTION tansiq_normalize(input text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURNS NULL ON NULL INPUT AS $$
        SELECT lower(regexp_replace(translate(input, 'أإآٱؤئىةـ', 'ااااوييه'), '${ARABIC_DIACRITICS}', '', 'g'))
      $$`);
    await queryRunner.query(`DROP FUNCTION tansiq_prefix_query(text)`);
    await queryRunner.query(`DROP FUNCTION tansiq_normalize_seats(text)`);
    await queryRunner.query(`DROP FUNCTION tansiq_fold(text, text)`);
    for (const index of SEARCH_INDEXES) await queryRunner.query(`REINDEX INDEX ${index}`);
  }
}

/**
 * Rewrites `column` of every row of `table` with `normalise`. `scope`: the columns that,
 * with `column`, must stay unique (null: no uniqueness). Two rows of one scope that would
 * share a value stop the migration with their ids, before anything is written.
 */
async function rewrite(
  queryRunner: QueryRunner,
  table: string,
  column: string,
  scope: string[] | null,
  normalise: (value: string) => string,
): Promise<void> {
  const scopeList = (scope ?? []).map((c) => `"${c}"::text`).join(` || '/' || `) || `''`;
  const rows = (await queryRunner.query(
    `SELECT id, "${column}" AS value, ${scopeList} AS scope FROM "${table}" WHERE "${column}" IS NOT NULL`,
  )) as { id: string; value: string; scope: string }[];
  const changed = rows.map((row) => ({ ...row, next: normalise(row.value) })).filter((row) => row.next !== row.value);
  if (changed.length === 0) return;
  if (scope) {
    const byKey = new Map<string, { id: string; value: string }[]>();
    for (const row of rows) {
      const key = `${row.scope}\u0000${normalise(row.value)}`;
      byKey.set(key, [...(byKey.get(key) ?? []), row]);
    }
    const collisions = [...byKey.values()].filter((group) => group.length > 1);
    if (collisions.length > 0)
      throw new Error(
        `${table}.${column}: ${collisions.length} group(s) of rows would share one value once normalised; ` +
          `change or merge them first, then migrate again: ` +
          collisions.map((group) => group.map((r) => `${r.id} (${JSON.stringify(r.value)})`).join(' = ')).join('; '),
      );
  }
  for (const row of changed)
    await queryRunner.query(`UPDATE "${table}" SET "${column}" = $1 WHERE id = $2`, [row.next, row.id]);
}

/** PostgreSQL 17+ runs index expressions with a safe search_path: qualify the calls. */
async function qualifier(queryRunner: QueryRunner): Promise<(name: string) => string> {
  const [{ schema }] = (await queryRunner.query(`SELECT current_schema() AS schema`)) as { schema: string }[];
  return (name: string) => `"${schema}".${name}`;
}
