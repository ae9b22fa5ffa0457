import { ActivatableListQueryDto, SortQuery, sortable } from '../../platform/index.js';

/** How records with a code and names sort: parties, agencies, issue areas and committees. */
export const CODED_RECORD_SORT = sortable({
  code: { column: 'code', type: 'text' },
  nameEn: { column: 'name_en', type: 'text' },
  createdAt: { column: 'created_at', type: 'timestamptz' },
  updatedAt: { column: 'updated_at', type: 'timestamptz' },
});

/** `q`, `updatedSince`, `active`, paging and `sort` by `CODED_RECORD_SORT`; kinds add their own filters. */
export class ListReferenceDataQueryDto extends ActivatableListQueryDto {
  @SortQuery(CODED_RECORD_SORT)
  declare sort?: string;
}
