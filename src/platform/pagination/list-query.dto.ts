import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { IsIntegerIn, decimalInteger } from '../validation/is-integer-in.js';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;
/**
 * The longest cursor a list issues and accepts. A cursor is base64url of JSON holding the
 * sort, the last row's sort value and its id; the longest sort value is a 300-character
 * name, at most 6 bytes a character in JSON (`\u` escapes), so under 1,900 bytes in all
 * and under 2,550 characters encoded.
 */
export const CURSOR_MAX_LENGTH = 4096;

/** `limit`, `cursor` and `sort` shared by every list endpoint; resources extend it with filters. */
export class ListQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT })
  @IsOptional()
  @Transform(decimalInteger)
  @IsIntegerIn(1, MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page (`nextCursor`).' })
  @IsOptional()
  @IsString()
  @MaxLength(CURSOR_MAX_LENGTH)
  cursor?: string;

  /** Each list narrows this to its whitelist with `@SortQuery(…)` (./sort.ts). */
  @ApiPropertyOptional({ description: 'A whitelisted field, `-` prefix for descending (see the endpoint).' })
  @IsOptional()
  @IsString()
  sort?: string;
}
