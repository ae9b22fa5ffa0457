import type { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import type { Page } from './paginate.js';

/**
 * The response of a list endpoint: `{ items: Item[], nextCursor: string | null }`. Name it
 * by extending, so the OpenAPI schema keeps a name of its own:
 * `export class PartyPageDto extends PageOf(PartyResponseDto) {}`.
 */
export function PageOf<Item>(item: Type<Item>): Type<Page<Item>> {
  class PageDto implements Page<Item> {
    @ApiProperty({ type: [item] }) items!: Item[];
    @ApiProperty({ type: 'string', nullable: true }) nextCursor!: string | null;
  }
  return PageDto;
}
