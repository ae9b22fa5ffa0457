import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { ListQueryDto, NameText, PageOf, shapeAs, sortable, SortQuery } from '../../../platform/index.js';
import type { ApiClient } from '../entities/api-client.entity.js';
import { VERSION, text } from '../../../platform/index.js';

export const API_CLIENT_NAME_MAX = 200;
/** The committees one client may read (when not all). */
export const API_CLIENT_COMMITTEES_MAX = 500;
/** A key: `tsq_` and 32 random bytes in base64url without padding (43 characters). */
export const API_KEY_LENGTH = 4 + 43;
/** The part of a key kept to tell keys apart. */
export const API_KEY_PREFIX_LENGTH = 12;

export class CreateApiClientDto {
  @ApiProperty({ example: 'Monthly reciprocity report' })
  @NameText()
  @IsString()
  @Length(1, API_CLIENT_NAME_MAX)
  name!: string;

  @ApiPropertyOptional({ default: false, description: 'true: every committee, now and future.' })
  @IsOptional()
  @IsBoolean()
  allCommittees?: boolean;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'The committees it may read, when not all.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(API_CLIENT_COMMITTEES_MAX)
  @IsUUID('all', { each: true })
  committeeIds?: string[];
}

export const API_CLIENT_SORT = sortable({
  name: { column: 'name', type: 'text' },
  createdAt: { column: 'created_at', type: 'timestamptz' },
});

export class ListApiClientsQueryDto extends ListQueryDto {
  @SortQuery(API_CLIENT_SORT)
  declare sort?: string;
}

export class ApiClientResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty(text(API_CLIENT_NAME_MAX)) name!: string;
  @ApiProperty({
    description: 'The first characters of the key, to tell keys apart.',
    ...text(API_KEY_PREFIX_LENGTH, API_KEY_PREFIX_LENGTH),
  })
  keyPrefix!: string;
  @ApiProperty() allCommittees!: boolean;
  @ApiProperty({ type: [String], format: 'uuid', maxItems: API_CLIENT_COMMITTEES_MAX }) committeeIds!: string[];
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) revokedAt!: Date | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) lastUsedAt!: Date | null;
  @ApiProperty({ type: 'string', format: 'date-time' }) createdAt!: Date;
  @ApiProperty(VERSION) version!: number;

  static from(client: ApiClient): ApiClientResponseDto {
    return shapeAs(ApiClientResponseDto, client);
  }
}

export class CreatedApiClientDto extends ApiClientResponseDto {
  @ApiProperty({
    description: 'Send as X-API-Key. Shown only in this response: store it now.',
    ...text(API_KEY_LENGTH, API_KEY_LENGTH),
  })
  key!: string;

  /** The key is returned in this response only. */
  static override from(client: ApiClient & { key: string }): CreatedApiClientDto {
    return shapeAs(CreatedApiClientDto, client);
  }
}

export class ApiClientPageDto extends PageOf(ApiClientResponseDto) {}
