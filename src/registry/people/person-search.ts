import { SEARCH_VECTORS, searchCondition, type SortField } from '../../platform/index.js';

/**
 * Least pg_trgm strict word similarity, between the keys of the query and of a name, for a
 * transliteration match. The key (`tansiq_translit_key`, migration NameTransliteration)
 * already makes the usual spellings of one name equal (similarity 1); the threshold only
 * lets a slip through. pg_trgm's own default (0.5) lets `Abdelrahim` answer `Abdelrahman`
 * (0.67): 0.7 does not (test/text/transliteration.e2e-spec.ts, near misses).
 */
export const TRANSLITERATION_THRESHOLD = 0.7;

const nameKey = (alias: string) => `tansiq_translit_key("${alias}"."name_en")`;
const queryKey = (parameter: string) => `tansiq_translit_key(:${parameter})`;

/** Full-text match of `q` (the search fold), the first rank. */
const fullText = (alias: string, parameter: string) => searchCondition(SEARCH_VECTORS.person(alias), parameter);

/**
 * People matching `q`: by full text (English and Arabic, `tansiq_search_query`) or by the
 * transliteration key of their English name. `<<%` (strict word similarity at pg_trgm's
 * threshold) is what the trigram index `people_name_key_trgm_idx` serves; the explicit
 * comparison then applies ours.
 */
export function personSearchCondition(alias: string, parameter = 'q'): string {
  const similarity = `strict_word_similarity(${queryKey(parameter)}, ${nameKey(alias)})`;
  return (
    `(${fullText(alias, parameter)} OR (${queryKey(parameter)} <<% ${nameKey(alias)}` +
    ` AND ${similarity} >= ${TRANSLITERATION_THRESHOLD}))`
  );
}

/**
 * The `relevance` order of a search without `sort`: full-text hits first (rank 0000), then
 * transliteration matches by falling similarity (rank 0001 at similarity 1 … 0301 at the
 * threshold), each rank by English name; the id breaks ties (paginate). Text, so a keyset
 * cursor carries rank and name in one value (`0001Mohammed Shuqair`).
 */
export function relevanceSort(alias: string, parameter = 'q'): SortField {
  const similarity = `strict_word_similarity(${queryKey(parameter)}, ${nameKey(alias)})`;
  const rank = `CASE WHEN ${fullText(alias, parameter)} THEN 0 ELSE 1001 - round(1000 * ${similarity})::int END`;
  return { column: `(lpad((${rank})::text, 4, '0') || "${alias}"."name_en")`, type: 'text' };
}
