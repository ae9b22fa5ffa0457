import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

/** The longest `q` a search accepts (characters), on every list and on GET /search. */
export const SEARCH_QUERY_MAX = 200;

/**
 * Full-text match of a query with the normalised English and Arabic text of a record.
 * `vector` must be the exact expression of the table's GIN index (SEARCH_VECTORS, the
 * migrations that create the `*_search_idx` indexes), or the index is not used. `query` is
 * the placeholder of the raw query text: `$3` in hand-written SQL, `:q` in the query
 * builder. The query goes through `tansiq_search_query`, the index side through
 * `tansiq_search_vector`: both fold with the one SQL function `tansiq_normalize`.
 */
export function searchMatchSql(vector: string, query: string): string {
  const match = `${vector} @@ tansiq_search_query(${query})`;
  // A stored vector: the same match again through tansiq_search_check, which the planner
  // prices as the computed vector was (migration StoredWorkSearchVectors1796600000000), so a
  // rare word is still read through the index, not by checking a committee row by row.
  return vector.endsWith(`."${STORED_VECTOR}"`)
    ? `(${match} AND tansiq_search_check(${vector}, tansiq_search_query(${query})))`
    : match;
}

/** The column holding a stored search vector (assignments, commitments). */
const STORED_VECTOR = 'search_vector';

/** `searchMatchSql` for the query builder: the query text in the named parameter `parameter`. */
export function searchCondition(vector: string, parameter = 'q'): string {
  return searchMatchSql(vector, `:${parameter}`);
}

/**
 * The indexed search expressions, per table alias: each is the expression of the table's
 * `<table>_search_idx` GIN index (registry: migration Registry1795918074469; work: migration
 * WorkSearch1796300000000), character for character. Assignments and commitments index
 * their stored `search_vector` (the same function's value, kept by a trigger: migration
 * StoredWorkSearchVectors1796600000000), so a change that leaves their text alone does not
 * compute it again.
 */
export const SEARCH_VECTORS = {
  party: (a: string) => `tansiq_search_vector("${a}"."code", "${a}"."name_en", "${a}"."name_ar")`,
  agency: (a: string) => `tansiq_search_vector("${a}"."code", "${a}"."name_en", "${a}"."name_ar")`,
  issueArea: (a: string) =>
    `tansiq_search_vector("${a}"."code", "${a}"."name_en", "${a}"."name_ar", "${a}"."description")`,
  person: (a: string) => `tansiq_search_vector("${a}"."name_en", "${a}"."name_ar", "${a}"."rank_title")`,
  committee: (a: string) => `tansiq_search_vector("${a}"."code", "${a}"."name_en", "${a}"."name_ar", "${a}"."mandate")`,
  assignment: (a: string) => `"${a}"."${STORED_VECTOR}"`,
  commitment: (a: string) => `"${a}"."${STORED_VECTOR}"`,
  meeting: (a: string) => `tansiq_search_vector("${a}"."place", "${a}"."agenda", "${a}"."minutes")`,
  decision: (a: string) => `tansiq_search_vector("${a}"."text")`,
  update: (a: string) => `tansiq_search_vector("${a}"."body")`,
};

/**
 * The `q` query parameter of a list: optional, 1–SEARCH_QUERY_MAX characters (400
 * `VALIDATION_FAILED` naming `q` otherwise). `what` says which text it searches.
 */
export function SearchQuery(what: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      description: `Search ${what} in English and Arabic (hamza seats, diacritics, tatweel, Persian letters, presentation forms, Arabic-Indic digits, invisible and direction marks and case do not matter; word prefixes match).`,
      minLength: 1,
      maxLength: SEARCH_QUERY_MAX,
    }),
    IsOptional(),
    IsString(),
    Length(1, SEARCH_QUERY_MAX),
  );
}
