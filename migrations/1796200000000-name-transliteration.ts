import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Latin spellings of one Arabic name, written as one key (docs/domain.md, "Names across
 * transliterations"). Each step, in order, on the search fold (`tansiq_normalize`):
 * 1. Latin letters without their accents (NFD, combining marks removed) and without the
 *    apostrophes and half rings that write hamza and ʿayn;
 * 2. `Abd` with its article in any spelling (Abdel-, Abdul, Abd al-, Abdur-) → `abd`, glued
 *    to the next word; a separate `Allah` glued to the word before (Nasr Allah → nasrallah);
 * 3. the article (`al`, `el` as a word; `al-`, `el-`, `ul-`, `ad-`, `ash-` … as a prefix) removed;
 * 4. anything but a–z is a word break;
 * 5. ph → f; sch, ch, sh → x; kh, gh, th, dh → k, g, t, d; ck, c, q → k;
 * 6. an h that ends a word after a vowel (taa marbuta: Hamadeh, Hamade) dropped;
 * 7. doubled letters → one;
 * 8. a vowel that starts a word → a; an i or y that ends one → i (the -i of a family name:
 *    Zaidi is not Zaid; Itani, Itany); the other vowels, y and w dropped.
 * `Mohamad Choucair` and `Mohammed Shuqair` are both `mhmd xkr`. A text without Latin
 * letters (an Arabic query) has the empty key, which matches nothing.
 */
const KEY_STEPS: [pattern: string, replacement: string][] = [
  // 1. (after NFD) accents, hamza and ʿayn marks
  ["[\\u0300-\\u036f'\\u2018\\u2019\\u0060\\u02bb\\u02bc\\u02be\\u02bf]", ''],
  // 2. Abd and its article; Allah glued to the word before
  ['\\mabd[ -]*(?:[aeiou]l[ -]*|[aeiou](?=[dnrstz]))?', 'abd'],
  ['[ -]+([aeiou]?llah)\\M', '\\1'],
  // 3. the article
  ['\\m[aeiu][lnrstdz]h?-|\\m[ae]l\\M', ' '],
  // 4. word breaks
  ['[^a-z]+', ' '],
  // 5. consonants written with two letters, and c, q
  ['ph', 'f'],
  ['sch|ch|sh', 'x'],
  ['([ktgd])h', '\\1'],
  ['ck|c|q', 'k'],
  // 6. taa marbuta
  ['([aeiou])h\\M', '\\1'],
  // 7. doubled letters
  ['([a-z])\\1+', '\\1'],
  // 8. vowels (0 holds a word-initial one, 1 a word-final i or y, until the others are gone)
  ['\\m[aeiou]', '0'],
  ['[iy]\\M', '1'],
  ['[aeiouyw]', ''],
  [' +', ' '],
];

/** The function's body: the steps in order on the NFD of the search fold, then 0 → a, 1 → i, trimmed. */
const keyBody = (normalize: string) => {
  const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;
  const steps = KEY_STEPS.reduce(
    (expression, [pattern, replacement]) =>
      `regexp_replace(${expression}, ${literal(pattern)}, ${literal(replacement)}, 'g')`,
    `normalize(${normalize}(input), NFD)`,
  );
  return `SELECT btrim(translate(${steps}, '01', 'ai'))`;
};

/**
 * `GET /people?q=` also finds people whose Latin name is spelled another way: the
 * transliteration key above (`tansiq_translit_key`, IMMUTABLE: the index and the query call
 * the same function) and a GIN trigram index (`pg_trgm`, a contrib extension shipped with
 * PostgreSQL) on the key of `name_en`, which serves pg_trgm's strict word similarity.
 */
export class NameTransliteration1796200000000 implements MigrationInterface {
  name = 'NameTransliteration1796200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const [{ schema }] = (await queryRunner.query(`SELECT current_schema() AS schema`)) as { schema: string }[];
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    // Qualified: PostgreSQL 17+ evaluates index expressions with a safe search_path.
    await queryRunner.query(`CREATE FUNCTION tansiq_translit_key(input text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURNS NULL ON NULL INPUT AS $$${keyBody(`"${schema}".tansiq_normalize`)}$$`);
    await queryRunner.query(
      `CREATE INDEX people_name_key_trgm_idx ON people USING gin ("${schema}".tansiq_translit_key(name_en) gin_trgm_ops)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX people_name_key_trgm_idx`);
    await queryRunner.query(`DROP FUNCTION tansiq_translit_key(text)`);
    // The extension stays: other objects of the database may use it.
  }
}
