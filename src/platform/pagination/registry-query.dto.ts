import { IsDateOrDateTime } from '../validation/dates.validators.js';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Length } from 'class-validator';
import { ListQueryDto } from './list-query.dto.js';
import { SEARCH_QUERY_MAX } from '../search/search.js';

export const toBoolean = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;
export const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** For `@ValidateIf`: validate a nullable field only when a value is given. */
export const given = (_: unknown, value: unknown) => value !== undefined && value !== null;

/** Filters every registry list accepts: search and changed-since. */
export class RegistryListQueryDto extends ListQueryDto {
  @ApiPropertyOptional({
    description: 'Search English and Arabic text (hamza, diacritics and case do not matter; word prefixes match).',
  })
  @IsOptional()
  @IsString()
  @Length(1, SEARCH_QUERY_MAX)
  q?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Only records changed at or after this time.' })
  @IsOptional()
  @IsDateOrDateTime()
  updatedSince?: string;
}

/** For records that are deactivated rather than deleted. */
export class ActivatableListQueryDto extends RegistryListQueryDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  active?: boolean;
}
