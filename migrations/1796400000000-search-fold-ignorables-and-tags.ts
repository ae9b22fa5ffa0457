import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every index whose expression runs the search fold (`tansiq_fold`, under `tansiq_normalize`
 * and `tansiq_normalize_seats`): the GIN search index of each searched table, and the
 * trigram index of the people's transliteration key. A change of the fold rebuilds them all.
 */
const FOLD_INDEXES = [
  ...['parties', 'agencies', 'issue_areas', 'people', 'committees'],
  ...['assignments', 'commitments', 'meetings', 'decisions', 'updates'],
].map((table) => `${table}_search_idx`);
const TRANSLITERATION_INDEX = 'people_name_key_trgm_idx';

/**
 * The characters removed before search, now all of Unicode's Default_Ignorable_Code_Point
 * (the set the names' "invisible" check already uses, src/platform/text/unicode.ts): besides
 * the soft hyphen, zero-width and direction marks, bidi controls, word joiner and BOM removed
 * before, the combining grapheme joiner U+034F, the Hangul fillers U+115F, U+1160, U+3164,
 * U+FFA0, the Khmer inherent vowels U+17B4–U+17B5, the Mongolian free variation selectors
 * U+180B–U+180D, U+180F, U+2065 and the deprecated format characters U+206A–U+206F, the
 * variation selectors U+FE00–U+FE0F, U+FFF0–U+FFF8, the shorthand format controls
 * U+1BCA0–U+1BCA3, the musical format characters U+1D173–U+1D17A and the tags and
 * supplementary variation selectors U+E0000–U+E0FFF (Unicode 17). One of them inside a word
 * made the word unfindable (`Zai\u034Fd` was not `zaid`).
 */
const INVISIBLE_MARKS =
  '[\\u00AD\\u034F\\u061C\\u115F\\u1160\\u17B4\\u17B5\\u180B-\\u180F\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u206F' +
  '\\u3164\\uFE00-\\uFE0F\\uFEFF\\uFFA0\\uFFF0-\\uFFF8\\U0001BCA0-\\U0001BCA3\\U0001D173-\\U0001D17A\\U000E0000-\\U000E0FFF]';
/** What TextNormalisation1796100000000 removed (for `down`). */
const INVISIBLE_MARKS_BEFORE =
  '[\\u00AD\\u061C\\u180E\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF]';
/** Arabic harakat, superscript alef and Quranic marks (as before). */
const ARABIC_DIACRITICS = '[\\u064B-\\u065F\\u0670\\u06D6-\\u06ED]';
/** The letter folds of TextNormalisation1796100000000 (its FROM and TO, unchanged). */
const FROM = 'أإآٱىةکیۀ٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹ؤئـ';
const TO = 'اااايهكيه01234567890123456789';

/** The fold's body: `invisible` removed, NFKC, `from` → `to` (then the hamza seats), diacritics removed, lower case. */
const foldBody = (invisible: string, from: string, to: string) => `
        SELECT lower(regexp_replace(
                 translate(normalize(regexp_replace(input, '${invisible}', '', 'g'), NFKC),
                           '${from}', '${to}' || hamza_seats),
                 '${ARABIC_DIACRITICS}', '', 'g'))`;

/**
 * The search fold (`tansiq_fold`, the one function under the index side and the query side)
 * changed in two ways (found reviewing issue 12):
 *
 * - It removes every default-ignorable code point (INVISIBLE_MARKS above), not only the
 *   zero-width and direction marks: each of them, invisible inside a word, split it in two.
 * - `<` and `>` (after NFKC, so the fullwidth and small forms too) become `(` and `)`.
 *   PostgreSQL's text-search parser reads `<…>` as an XML tag and drops it: `<Confidential>`,
 *   or everything between `x<y` and `z>w`, was in no index, and `ts_headline` (GET /search's
 *   snippet, which marks the folded text word for word) wrote a tag out as one space, so the
 *   marks of every later word fell on the wrong word. Parentheses separate words as the
 *   brackets did, and are no tag.
 *
 * The search indexes and the transliteration index are rebuilt (REINDEX: each table is locked
 * against writes while its index is rebuilt).
 */
export class SearchFoldIgnorablesAndTags1796400000000 implements MigrationInterface {
  name = 'SearchFoldIgnorablesAndTags1796400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await replaceFold(queryRunner, foldBody(INVISIBLE_MARKS, `<>${FROM}`, `()${TO}`));
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await replaceFold(queryRunner, foldBody(INVISIBLE_MARKS_BEFORE, FROM, TO));
  }
}

async function replaceFold(queryRunner: QueryRunner, body: string): Promise<void> {
  await queryRunner.query(`CREATE OR REPLACE FUNCTION tansiq_fold(input text, hamza_seats text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURNS NULL ON NULL INPUT AS $$${body}
      $$`);
  for (const index of [...FOLD_INDEXES, TRANSLITERATION_INDEX]) await queryRunner.query(`REINDEX INDEX ${index}`);
}
