import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { ListQueryDto, PageOf, SEARCH_QUERY_MAX, shapeAs, sortable, text } from '../../platform/index.js';
import { PERSON_NAME_MAX } from '../../registry/index.js';
import { TITLE_MAX } from '../../work/index.js';
import { SEARCH_PARENT_TYPES, SEARCH_TYPES, SNIPPET_MAX, type SearchType } from '../search-sources.js';

/**
 * GET /search has one order, by relevance (rank, larger first; the id breaks ties): its
 * keyset cursor carries the rank, as every list's carries its sort value.
 */
export const SEARCH_SORT = sortable({ relevance: { column: '"hits"."rank"', type: 'int' } });

export class SearchQueryDto extends OmitType(ListQueryDto, ['sort'] as const) {
  @ApiProperty({
    description:
      'What to look for, in English or Arabic: the same search as the lists’ `q` (hamza seats, diacritics, tatweel, Persian letters, presentation forms, Arabic-Indic digits, invisible and direction marks and case do not matter; word prefixes match; every word must match), and people also by the Latin spelling of their English name.',
    minLength: 1,
    maxLength: SEARCH_QUERY_MAX,
  })
  @IsString()
  @Length(1, SEARCH_QUERY_MAX)
  q!: string;

  @ApiPropertyOptional({ enum: SEARCH_TYPES, description: 'Only records of this type.' })
  @IsOptional()
  @IsIn(SEARCH_TYPES)
  type?: SearchType;
}

/** The record a decision (its meeting) or a timeline entry (its assignment or commitment) belongs to. */
export class SearchHitParentDto {
  @ApiProperty({ enum: SEARCH_PARENT_TYPES }) type!: (typeof SEARCH_PARENT_TYPES)[number];
  @ApiProperty({ format: 'uuid' }) id!: string;
}

export class SearchHitDto {
  @ApiProperty({ enum: SEARCH_TYPES }) type!: SearchType;
  @ApiProperty({
    format: 'uuid',
    description:
      'The record’s id: GET /api/v1/{people|committees|meetings|assignments|commitments}/{id}; a decision is shown in its meeting, an entry in its timeline (`parent`).',
  })
  id!: string;
  @ApiProperty({
    type: 'string',
    format: 'uuid',
    nullable: true,
    description: 'The committee the record belongs to (a committee’s own id); null for a person (registry record).',
  })
  committeeId!: string | null;
  @ApiProperty({
    type: SearchHitParentDto,
    nullable: true,
    description: 'A decision’s meeting, a timeline entry’s assignment or commitment; null for the others.',
  })
  parent!: SearchHitParentDto | null;
  @ApiProperty({
    ...text(TITLE_MAX),
    description:
      'The English name (people, committees), the place (meetings), the title (assignments, commitments), or the first 200 characters of the text (decisions, timeline entries); control characters and bidi embeddings, overrides and isolates removed, whitespace collapsed.',
  })
  title!: string;
  @ApiProperty({
    ...text(PERSON_NAME_MAX),
    nullable: true,
    description: 'The Arabic name (people, committees), shown as `title`; null for the others.',
  })
  titleAr!: string | null;
  @ApiProperty({
    ...text(SNIPPET_MAX),
    description:
      'Plain text: an excerpt of the searched text (up to 40 words) with each matching word between ⟦ and ⟧ (U+27E6, U+27E7), which occur nowhere else in a snippet (the text’s own become [ and ]). `…` where the excerpt starts or ends inside the text; whitespace collapsed; control characters and bidi embeddings, overrides and isolates removed. The marks follow the search: a word typed with another hamza seat (ء, ئ, ؤ), alef or Persian letter, without diacritics or as a prefix is marked where it matched. A hit found only through a bare seat typed for the hamza (و or ي, as in رياسه for رئاسة) or through an English stop word is listed but its snippet may carry no mark.',
  })
  snippet!: string;

  static from(row: SearchHitRow): SearchHitDto {
    const parent = row.parentType && row.parentId ? { type: row.parentType, id: row.parentId } : null;
    return shapeAs(SearchHitDto, { ...row, parent: parent && shapeAs(SearchHitParentDto, parent) });
  }
}

/** A row of the search statement, named as the response fields (the parent in two columns). */
export interface SearchHitRow {
  type: SearchType;
  id: string;
  committeeId: string | null;
  parentType: SearchHitParentDto['type'] | null;
  parentId: string | null;
  title: string;
  titleAr: string | null;
  snippet: string;
}

export class SearchPageDto extends PageOf(SearchHitDto) {}
