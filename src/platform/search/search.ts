/**
 * Full-text search over the normalised English and Arabic text of a record. `vector` must
 * be the exact expression of the table's GIN index (see the registry migration), or the
 * index is not used.
 */
export function searchCondition(vector: string, parameter = 'q'): string {
  return `${vector} @@ tansiq_search_query(:${parameter})`;
}

/** The indexed search expressions, per table alias. */
export const SEARCH_VECTORS = {
  party: (a: string) => `tansiq_search_vector("${a}"."code", "${a}"."name_en", "${a}"."name_ar")`,
  agency: (a: string) => `tansiq_search_vector("${a}"."code", "${a}"."name_en", "${a}"."name_ar")`,
  issueArea: (a: string) =>
    `tansiq_search_vector("${a}"."code", "${a}"."name_en", "${a}"."name_ar", "${a}"."description")`,
  person: (a: string) => `tansiq_search_vector("${a}"."name_en", "${a}"."name_ar", "${a}"."rank_title")`,
  committee: (a: string) => `tansiq_search_vector("${a}"."code", "${a}"."name_en", "${a}"."name_ar", "${a}"."mandate")`,
};
