import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessService, type Principal } from '../identity/index.js';
import { keysetOf, nextCursorOf, SqlParams, type Page } from '../platform/index.js';
import { SEARCH_SORT, SearchHitDto, type SearchHitRow, type SearchQueryDto } from './dto/search.dto.js';
import { SEARCH_TYPES, searchBranchSql, type SearchPlaceholders } from './search-sources.js';

/**
 * GET /search: every kind of record the caller may see, ranked, in one statement. Each
 * record type is one branch of a `UNION ALL` that reads its table through its search index
 * (search-sources.ts); the branches' hits are ranked together and cut to the page (keyset:
 * rank, then id, both descending), and only the page's rows get their snippet
 * (`tansiq_snippet`, which runs `ts_headline`).
 */
@Injectable()
export class SearchService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessService,
  ) {}

  /** A page of hits; 400 `VALIDATION_FAILED` on a cursor this search did not issue. One statement. */
  async search(principal: Principal, query: SearchQueryDto): Promise<Page<SearchHitDto>> {
    const keyset = keysetOf({ limit: query.limit, cursor: query.cursor }, SEARCH_SORT, '-relevance');
    // The one scope rule (AccessService, the permission table's `committee.read`); the
    // caller's seats were read with the account, so this sends no statement.
    const { committeeIds } = await this.access.scope(principal);
    const params = new SqlParams();
    const types = query.type ? [query.type] : SEARCH_TYPES;
    const self = principal.kind === 'user' ? principal.personId : null;
    // Only the parameters the statement uses (the caller's person: only the people's branch).
    const placeholders: SearchPlaceholders = {
      q: params.add(query.q),
      scope: committeeIds === null ? null : `${params.add(committeeIds)}::uuid[]`,
      self: committeeIds !== null && self && types.includes('person') ? `${params.add(self)}::uuid` : null,
    };
    const branches = types.map((type) => searchBranchSql(type, placeholders)).join('\n UNION ALL\n');
    const after = keyset.cursor
      ? `WHERE ("hits"."rank", "hits"."id") ${keyset.after} (${params.add(keyset.cursor.v)}::int, ${params.add(keyset.cursor.id)}::uuid)`
      : '';
    // The limit is written into the text (an integer the query DTO bounds), as paginateSql does.
    const rows = (await this.dataSource.query(
      `SELECT "page".type, "page".id, "page"."committeeId", "page"."parentType", "page"."parentId",
              "page".title, "page"."titleAr", tansiq_snippet("page".doc, tansiq_search_query(${placeholders.q})) AS snippet,
              "page".rank::text AS cursor_value
         FROM (SELECT * FROM (${branches}) "hits" ${after}
                ORDER BY "hits"."rank" DESC, "hits"."id" DESC LIMIT ${Math.trunc(keyset.limit) + 1}) "page"
        ORDER BY "page".rank DESC, "page".id DESC`,
      params.values,
    )) as (SearchHitRow & { cursor_value: string })[];
    const items = rows.slice(0, keyset.limit);
    const last = items[items.length - 1];
    return {
      items: items.map((row) => SearchHitDto.from(row)),
      nextCursor: last ? nextCursorOf(keyset, rows.length, { value: last.cursor_value, id: last.id }) : null,
    };
  }
}
