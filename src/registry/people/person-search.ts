import { SEARCH_VECTORS, searchMatchSql, type SortField } from '../../platform/index.js';

/**
 * Least pg_trgm strict word similarity, between the keys of the query and of a name, for a
 * transliteration match. The key (`tansiq_translit_key`, migration NameTransliteration)
 * already makes the usual spellings of one name equal (similarity 1); the threshold only
 * lets a slip through. pg_trgm's own default (0.5) lets `Abdelrahim` answer `Abdelrahman`
 * (0.67): 0.7 does not (test/text/transliteration.e2e-spec.ts, near misses).
 */
export const TRANSLITERATION_THRESHOLD = 0.7;

const nameKey = (alias: string) => `tansiq_translit_key("${alias}"."name_en")`;
const queryKey = (query: string) => `tansiq_translit_key(${query})`;

/** Full-text match of the query (the search fold), the first rank. `query`: its placeholder (`:q`, `$1`). */
export const personFullTextSql = (alias: string, query: string) => searchMatchSql(SEARCH_VECTORS.person(alias), query);

/** pg_trgm's strict word similarity (0–1) of the query's and the English name's transliteration keys. */
export const personSimilaritySql = (alias: string, query: string) =>
  `strict_word_similarity(${queryKey(query)}, ${nameKey(alias)})`;

/**
 * People matching the query: by full text (English and Arabic, `tansiq_search_query`) or by
 * the transliteration key of their English name. `<<%` (strict word similarity at pg_trgm's
 * threshold) is what the trigram index `people_name_key_trgm_idx` serves; the explicit
 * comparison then applies ours. `query`: the placeholder of the query text (`$1` in
 * hand-written SQL; GET /search uses it so).
 */
export function personMatchSql(alias: string, query: string): string {
  return (
    `(${personFullTextSql(alias, query)} OR (${queryKey(query)} <<% ${nameKey(alias)}` +
    ` AND ${personSimilaritySql(alias, query)} >= ${TRANSLITERATION_THRESHOLD}))`
  );
}

/** `personMatchSql` for the query builder: the query text in the named parameter `parameter`. */
export function personSearchCondition(alias: string, parameter = 'q'): string {
  return personMatchSql(alias, `:${parameter}`);
}

/**
 * The `relevance` order of a search without `sort`: full-text hits first (rank 0000), then
 * transliteration matches by falling similarity (rank 0001 at similarity 1 … 0301 at the
 * threshold), each rank by English name; the id breaks ties (paginate). Text, so a keyset
 * cursor carries rank and name in one value (`0001Mohammed Shuqair`).
 */
export function relevanceSort(alias: string, parameter = 'q'): SortField {
  const query = `:${parameter}`;
  const rank = `CASE WHEN ${personFullTextSql(alias, query)} THEN 0 ELSE 1001 - round(1000 * ${personSimilaritySql(alias, query)})::int END`;
  return { column: `(lpad((${rank})::text, 4, '0') || "${alias}"."name_en")`, type: 'text' };
}
