import { personVisibleSql } from '../identity/index.js';
import { SEARCH_VECTORS, searchMatchSql } from '../platform/index.js';
import { personFullTextSql, personMatchSql, personSimilaritySql } from '../registry/index.js';

/** The kinds of record GET /search finds, in the order a tie in rank does not follow (ids break ties). */
export const SEARCH_TYPES = [
  'person',
  'committee',
  'meeting',
  'decision',
  'assignment',
  'commitment',
  'update',
] as const;
export type SearchType = (typeof SEARCH_TYPES)[number];

/** The records a decision or a timeline entry belongs to (they have no page of their own). */
export const SEARCH_PARENT_TYPES = ['meeting', 'assignment', 'commitment'] as const;

/** Characters of a decision's or an update's text that make its title. */
export const FREE_TEXT_TITLE_MAX = 200;

/**
 * The longest snippet `tansiq_snippet` writes (migration WorkSearch1796300000000): `… `, 40
 * words of at most 50 characters each between their two marks, 39 spaces, ` …`.
 */
export const SNIPPET_MAX = 2 + 40 * 52 + 39 + 2;

/** Placeholders of one search statement's parameters. */
export interface SearchPlaceholders {
  /** The query text, as typed. */
  q: string;
  /** The committee ids the caller may see (`uuid[]`); null: every committee (no condition). */
  scope: string | null;
  /** The caller's own person id (people: one may always find oneself); null: none. */
  self: string | null;
}

/** One kind of record: how its rows are found, ranked, scoped and shown. SQL over alias `r`. */
interface SearchSource {
  /** `FROM …` with the joins that name the record's committee. */
  from: string;
  /** The match, on the table's search index(es). */
  match: (q: string) => string;
  /** The rank (int, larger first): 1001 + a millionth of ts_rank for a full-text hit. */
  rank: (q: string) => string;
  committeeId: string;
  parentType: string;
  parentId: string;
  title: string;
  titleAr: string;
  /** The text the snippet is cut from: the searched fields, joined. */
  doc: string;
  /** The caller may see the record (AccessService.scope's committees; people by their seats). */
  visible: (p: SearchPlaceholders) => string;
}

/**
 * ts_rank of a full-text hit as an integer key, from 1001 up: the text's main fields (title,
 * name, place) weigh `A` (1.0), the rest `D` (0.1) (`tansiq_rank_vector`, migration
 * WorkSearch); normalised by the log of the text's length (ts_rank's normalization 1), so a
 * word in a short title outranks it deep in minutes. `main` and `rest`: SQL expressions.
 */
function fullTextRank(main: string[], rest: string[], q: string): string {
  const text = (fields: string[]) => (fields.length > 0 ? `concat_ws(' ', ${fields.join(', ')})` : `''`);
  const vector = `tansiq_rank_vector(${text(main)}, ${text(rest)})`;
  return `(1001 + least(round(1000000 * ts_rank(${vector}, tansiq_search_query(${q}), 1)), 100000000))::int`;
}

/**
 * The committee of the record `id` (an SQL expression) of `table`, read by primary key. A
 * scalar subquery rather than a join: however many hits the planner expects, it looks up the
 * few it gets by key and never reads the whole table to hash it.
 */
const byKey = (table: string, id: string) => `(SELECT "k"."committee_id" FROM ${table} "k" WHERE "k"."id" = ${id})`;
/** A timeline entry's committee: its assignment's or its commitment's. */
const UPDATE_COMMITTEE = `coalesce(${byKey('assignments', '"r"."assignment_id"')}, ${byKey('commitments', '"r"."commitment_id"')})`;

const inScope = (committeeId: string) => (p: SearchPlaceholders) =>
  p.scope === null ? 'true' : `${committeeId} = ANY(${p.scope})`;

/**
 * The branches of GET /search, one per record type. Each reads its table through the table's
 * GIN search index (`<table>_search_idx`, the `SEARCH_VECTORS` expression; people also
 * through the trigram index of their name's transliteration key), then looks up by primary
 * key what names the committee (`byKey`). Scope: the committees of `AccessService.scope` (the permission
 * table's `committee.read`); people by `personVisibleSql`, as GET /people.
 */
export const SEARCH_SOURCES: Record<SearchType, SearchSource> = {
  person: {
    from: 'FROM people "r"',
    match: (q) => personMatchSql('r', q),
    // Full-text hits first, then transliteration matches by similarity (0.7–1 → 700–1000).
    rank: (q) =>
      `CASE WHEN ${personFullTextSql('r', q)} THEN ${fullTextRank(['"r"."name_en"', '"r"."name_ar"'], ['"r"."rank_title"'], q)} ELSE round(1000 * ${personSimilaritySql('r', q)})::int END`,
    committeeId: 'NULL::uuid',
    parentType: 'NULL::text',
    parentId: 'NULL::uuid',
    title: 'tansiq_display("r"."name_en")',
    titleAr: 'tansiq_display("r"."name_ar")',
    doc: `concat_ws(' ', "r"."name_en", "r"."name_ar", "r"."rank_title")`,
    visible: (p) => (p.scope === null ? 'true' : personVisibleSql('"r"."id"', p.scope, p.self)),
  },
  committee: {
    from: 'FROM committees "r"',
    match: (q) => searchMatchSql(SEARCH_VECTORS.committee('r'), q),
    rank: (q) => fullTextRank(['"r"."code"', '"r"."name_en"', '"r"."name_ar"'], ['"r"."mandate"'], q),
    committeeId: '"r"."id"',
    parentType: 'NULL::text',
    parentId: 'NULL::uuid',
    title: 'tansiq_display("r"."name_en")',
    titleAr: 'tansiq_display("r"."name_ar")',
    doc: `concat_ws(' ', "r"."code", "r"."name_en", "r"."name_ar", "r"."mandate")`,
    visible: inScope('"r"."id"'),
  },
  meeting: {
    from: 'FROM meetings "r"',
    match: (q) => searchMatchSql(SEARCH_VECTORS.meeting('r'), q),
    rank: (q) => fullTextRank(['"r"."place"'], ['"r"."agenda"', '"r"."minutes"'], q),
    committeeId: '"r"."committee_id"',
    parentType: 'NULL::text',
    parentId: 'NULL::uuid',
    title: 'tansiq_display("r"."place")',
    titleAr: 'NULL::text',
    doc: `concat_ws(' ', "r"."place", "r"."agenda", "r"."minutes")`,
    visible: inScope('"r"."committee_id"'),
  },
  decision: {
    from: 'FROM decisions "r"',
    match: (q) => searchMatchSql(SEARCH_VECTORS.decision('r'), q),
    rank: (q) => fullTextRank(['"r"."text"'], [], q),
    committeeId: byKey('meetings', '"r"."meeting_id"'),
    parentType: `'meeting'::text`,
    parentId: '"r"."meeting_id"',
    title: `left(tansiq_display("r"."text"), ${FREE_TEXT_TITLE_MAX})`,
    titleAr: 'NULL::text',
    doc: '"r"."text"',
    visible: inScope(byKey('meetings', '"r"."meeting_id"')),
  },
  assignment: {
    from: 'FROM assignments "r"',
    match: (q) => searchMatchSql(SEARCH_VECTORS.assignment('r'), q),
    rank: (q) => fullTextRank(['"r"."title"'], ['"r"."description"', '"r"."border_sector"'], q),
    committeeId: '"r"."committee_id"',
    parentType: 'NULL::text',
    parentId: 'NULL::uuid',
    title: 'tansiq_display("r"."title")',
    titleAr: 'NULL::text',
    doc: `concat_ws(' ', "r"."title", "r"."description", "r"."border_sector")`,
    visible: inScope('"r"."committee_id"'),
  },
  commitment: {
    from: 'FROM commitments "r"',
    match: (q) => searchMatchSql(SEARCH_VECTORS.commitment('r'), q),
    rank: (q) => fullTextRank(['"r"."title"'], ['"r"."description"'], q),
    committeeId: '"r"."committee_id"',
    parentType: 'NULL::text',
    parentId: 'NULL::uuid',
    title: 'tansiq_display("r"."title")',
    titleAr: 'NULL::text',
    doc: `concat_ws(' ', "r"."title", "r"."description")`,
    visible: inScope('"r"."committee_id"'),
  },
  update: {
    from: 'FROM updates "r"',
    match: (q) => searchMatchSql(SEARCH_VECTORS.update('r'), q),
    // An entry's text is all body: weighed as the rest of a record's text (D).
    rank: (q) => fullTextRank([], ['"r"."body"'], q),
    committeeId: UPDATE_COMMITTEE,
    parentType: `CASE WHEN "r"."assignment_id" IS NOT NULL THEN 'assignment' ELSE 'commitment' END`,
    parentId: 'coalesce("r"."assignment_id", "r"."commitment_id")',
    title: `left(tansiq_display("r"."body"), ${FREE_TEXT_TITLE_MAX})`,
    titleAr: 'NULL::text',
    doc: '"r"."body"',
    visible: inScope(UPDATE_COMMITTEE),
  },
};

/** One branch of the search statement: the rows of `type` that match and that the caller may see. */
export function searchBranchSql(type: SearchType, p: SearchPlaceholders): string {
  const s = SEARCH_SOURCES[type];
  return `SELECT '${type}'::text AS type, "r"."id", ${s.committeeId} AS "committeeId", ${s.parentType} AS "parentType",
            ${s.parentId} AS "parentId", ${s.title} AS title, ${s.titleAr} AS "titleAr", ${s.doc} AS doc,
            ${s.rank(p.q)} AS rank
       ${s.from}
      WHERE ${s.match(p.q)} AND ${s.visible(p)}`;
}
