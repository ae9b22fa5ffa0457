import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The searched text of each work table, as `tansiq_search_vector` takes it: the expression of
 * its GIN index, which `SEARCH_VECTORS` (src/platform/search/search.ts) repeats character for
 * character, so the lists' `q=` and GET /search read the index.
 */
const WORK_SEARCH_INDEXES: [table: string, columns: string[]][] = [
  ['assignments', ['title', 'description', 'border_sector']],
  ['commitments', ['title', 'description']],
  ['meetings', ['place', 'agenda', 'minutes']],
  ['decisions', ['text']],
  ['updates', ['body']],
];

/**
 * The planner's cost of one `tansiq_search_vector` call, in units of cpu_operator_cost (the
 * default for a function is 100). A later `CREATE OR REPLACE` of the function must state it
 * again (it resets to the default).
 */
const SEARCH_VECTOR_COST = 5000;

/**
 * What a reader does not see or must not get from an excerpt: C0 controls other than
 * whitespace, DEL and the C1 controls, and the bidi embeddings, overrides and isolates
 * (U+202A–U+202E, U+2066–U+2069: cut out of their text, one would reorder the rest of the
 * client's line).
 */
const CONTROLS = '[\\x01-\\x08\\x0e-\\x1f\\x7f-\\x9f\\u202a-\\u202e\\u2066-\\u2069]';
/** Whitespace, the Unicode spaces included (whatever the database's locale calls a space). */
const SPACES = '[\\s\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]+';
/** Punctuation around a word, left outside the highlight marks: `(⟦Narcotics⟧),` (quotes doubled for SQL). */
const PUNCTUATION = `[][(){}<>"''.,;:!?«»“”‘’‹›„،؛؟…*/\\\\-]`;

/**
 * Search over the work records (issue 12), with the Arabic and English behaviour of the
 * registry's search:
 *
 * - `tansiq_search_vector` costed as what it is (COST 5000, below), so the planner reads a
 *   rare word through the index rather than checking it row by row in a list's order.
 * - A GIN index per table on `tansiq_search_vector` of its searched text (assignments: title,
 *   description, border sector; commitments: title, description; meetings: place, agenda,
 *   minutes; decisions: text; updates: body), the expression the registry's `*_search_idx`
 *   indexes use, so the one fold (`tansiq_normalize`) serves index and query. A later change
 *   of the fold must REINDEX these with the registry's.
 * - `tansiq_rank_vector(main, rest)`: what GET /search ranks a hit by (`ts_rank`): the
 *   search fold of its main text (title, name, place) weighted A, the rest D, each as
 *   English stems and as words without the Arabic article, the forms `tansiq_search_query`
 *   asks for. Not the index's vector: it is built again for every hit, and this one costs a
 *   sixth (about 35 µs a short record, PL/pgSQL; the SQL function of the index about 220 µs),
 *   so a word found in thousands of records is ranked in a fraction of the time. A hit found
 *   only through the Arabic stem or a hamza seat typed bare ranks 0 (it is still a hit).
 * - `tansiq_display(text)`: the text as an excerpt shows it: the controls above removed,
 *   every run of whitespace one space.
 * - `tansiq_snippet(doc, query)`: an excerpt of `doc` around the words that match `query`
 *   (a `tansiq_search_query`), those words between ⟦ and ⟧. `ts_headline` picks the excerpt
 *   (one fragment: the one with the most matching words, stretched around them; the text's
 *   start when nothing matches) and marks the words on the search fold of the text (so what matched is what is marked:
 *   مسئول marks مسؤول, `narcotic` marks `Narcotics`), written one folded word for one word
 *   of the text; the excerpt is then given back in the text's own words. At most 40 words
 *   (ts_headline: 12–30), a word longer than 50 characters cut with …, … before and after
 *   when the excerpt starts or ends inside the text; ⟦ and ⟧ of the text itself become
 *   [ and ], so the marks are unambiguous. At most 2,123 characters.
 */
export class WorkSearch1796300000000 implements MigrationInterface {
  name = 'WorkSearch1796300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const [{ schema }] = (await queryRunner.query(`SELECT current_schema() AS schema`)) as { schema: string }[];
    const fn = (name: string) => `"${schema}".${name}`;
    // What a call costs, told to the planner: five text-search parsings of the normalised text
    // (about 140 µs for a short title, where a plain comparison costs a fraction of one; 1
    // cost unit here is about 11 µs, to_tsvector's own 100 × cpu_operator_cost about 3 µs).
    // At the default (100) a list's `q=` looks as cheap to check row by row in the list's
    // order as through the GIN index, and on a large committee it reads every row.
    await queryRunner.query(`ALTER FUNCTION tansiq_search_vector(text[]) COST ${SEARCH_VECTOR_COST}`);
    for (const [table, columns] of WORK_SEARCH_INDEXES) {
      await queryRunner.query(
        `CREATE INDEX ${table}_search_idx ON ${table} USING gin (tansiq_search_vector(${columns.join(', ')}))`,
      );
    }
    await queryRunner.query(`CREATE FUNCTION tansiq_display(input text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURNS NULL ON NULL INPUT AS $$
        SELECT btrim(regexp_replace(regexp_replace(input, '${CONTROLS}', '', 'g'), '${SPACES}', ' ', 'g'), ' ')
      $$`);
    await queryRunner.query(`CREATE FUNCTION tansiq_snippet(doc text, query tsquery) RETURNS text
      LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE COST 1000 AS $$
      DECLARE
        words text[] := string_to_array(${fn('tansiq_display')}(coalesce(doc, '')), ' ');
        shadow text;
        headline text;
        found int;
        first int;
        shown text[];
        excerpt text[] := '{}';
        word text;
        lead text;
        trail text;
      BEGIN
        IF coalesce(array_length(words, 1), 0) = 0 THEN RETURN ''; END IF;
        -- The search fold of each word, one folded word for one word ('_' for a word the fold
        -- empties), without the Arabic article, as the index also holds the words.
        shadow := ${fn('tansiq_strip_article')}(replace(
          regexp_replace(regexp_replace(${fn('tansiq_normalize')}(array_to_string(words, E'\\x01')), '\\s+', '', 'g'),
                         '(^|\\x01)(?=\\x01|$)', '\\1_', 'g'),
          E'\\x01', ' '));
        headline := btrim(ts_headline('english'::regconfig, shadow, query,
          E'StartSel=\\x02, StopSel=\\x03, MaxFragments=1, MaxWords=30, MinWords=12, ShortWord=3'), ' ');
        -- Where the excerpt starts in the folded text, in words.
        found := strpos(shadow, replace(replace(headline, E'\\x02', ''), E'\\x03', ''));
        first := CASE WHEN found > 0 THEN found - length(replace(left(shadow, found - 1), ' ', '')) ELSE 1 END;
        shown := string_to_array(headline, ' ');
        FOR i IN 1 .. least(coalesce(array_length(shown, 1), 0), 40) LOOP
          word := words[first + i - 1];
          EXIT WHEN word IS NULL;
          word := translate(word, '⟦⟧', '[]');
          IF length(word) > 50 THEN word := left(word, 49) || '…'; END IF;
          IF strpos(shown[i], E'\\x02') > 0 THEN
            lead := substring(word FROM '^${PUNCTUATION}*');
            trail := substring(word FROM '${PUNCTUATION}*$');
            word := CASE WHEN length(lead) + length(trail) >= length(word) THEN '⟦' || word || '⟧'
                         ELSE lead || '⟦' || substr(word, length(lead) + 1, length(word) - length(lead) - length(trail)) || '⟧' || trail END;
          END IF;
          excerpt := excerpt || word;
        END LOOP;
        RETURN CASE WHEN first > 1 THEN '… ' ELSE '' END || array_to_string(excerpt, ' ')
          || CASE WHEN first - 1 + coalesce(array_length(excerpt, 1), 0) < array_length(words, 1) THEN ' …' ELSE '' END;
      END
      $$`);
    await queryRunner.query(`CREATE FUNCTION tansiq_rank_vector(main text, rest text) RETURNS tsvector
      LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
      DECLARE
        m text := ${fn('tansiq_normalize')}(coalesce(main, ''));
        r text := ${fn('tansiq_normalize')}(coalesce(rest, ''));
      BEGIN
        RETURN setweight(to_tsvector('english'::regconfig, m) || to_tsvector('simple'::regconfig, ${fn('tansiq_strip_article')}(m)), 'A')
          || to_tsvector('english'::regconfig, r) || to_tsvector('simple'::regconfig, ${fn('tansiq_strip_article')}(r));
      END
      $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION tansiq_rank_vector(text, text)`);
    await queryRunner.query(`DROP FUNCTION tansiq_snippet(text, tsquery)`);
    await queryRunner.query(`DROP FUNCTION tansiq_display(text)`);
    for (const [table] of [...WORK_SEARCH_INDEXES].reverse()) await queryRunner.query(`DROP INDEX ${table}_search_idx`);
    await queryRunner.query(`ALTER FUNCTION tansiq_search_vector(text[]) COST 100`);
  }
}
