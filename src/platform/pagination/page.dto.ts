import type { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { CURSOR_MAX_LENGTH, MAX_LIMIT } from './list-query.dto.js';
import type { Page } from './paginate.js';

/**
 * The response of a list endpoint: `{ items: Item[], nextCursor: string | null }`, at most
 * MAX_LIMIT items (the `limit` a request may ask for); `maxItems: null` for a list that is never
 * cut (no page size). Name it
 * by extending, so the OpenAPI schema keeps a name of its own:
 * `export class PartyPageDto extends PageOf(PartyResponseDto) {}`.
 */
export function PageOf<Item>(
  item: Type<Item>,
  { maxItems = MAX_LIMIT }: { maxItems?: number | null } = {},
): Type<Page<Item>> {
  class PageDto implements Page<Item> {
    @ApiProperty({ type: [item], ...(maxItems === null ? {} : { maxItems }) }) items!: Item[];
    @ApiProperty({ type: 'string', nullable: true, maxLength: CURSOR_MAX_LENGTH }) nextCursor!: string | null;
  }
  return PageDto;
}
