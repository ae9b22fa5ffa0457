import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { IsIntegerIn } from '../validation/is-integer-in.js';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

/** `limit`, `cursor` and `sort` shared by every list endpoint; resources extend it with filters. */
export class ListQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT })
  @IsOptional()
  @Type(() => Number)
  @IsIntegerIn(1, MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page (`nextCursor`).' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  cursor?: string;

  /** Each list narrows this to its whitelist with `@SortQuery(…)` (./sort.ts). */
  @ApiPropertyOptional({ description: 'A whitelisted field, `-` prefix for descending (see the endpoint).' })
  @IsOptional()
  @IsString()
  sort?: string;
}
