import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { ListQueryDto, PageOf, shapeAs, SortQuery, sortable } from '../../../platform/index.js';
import type { ApiClient } from '../entities/api-client.entity.js';

export class CreateApiClientDto {
  @ApiProperty({ example: 'Monthly reciprocity report' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiPropertyOptional({ default: false, description: 'true: every committee, now and future.' })
  @IsOptional()
  @IsBoolean()
  allCommittees?: boolean;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'The committees it may read, when not all.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(500)
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
  @ApiProperty() name!: string;
  @ApiProperty({ description: 'The first characters of the key, to tell keys apart.' }) keyPrefix!: string;
  @ApiProperty() allCommittees!: boolean;
  @ApiProperty({ type: [String], format: 'uuid' }) committeeIds!: string[];
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) revokedAt!: Date | null;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) lastUsedAt!: Date | null;
  @ApiProperty({ type: 'string', format: 'date-time' }) createdAt!: Date;
  @ApiProperty() version!: number;

  static from(client: ApiClient): ApiClientResponseDto {
    return shapeAs(ApiClientResponseDto, client);
  }
}

export class CreatedApiClientDto extends ApiClientResponseDto {
  @ApiProperty({ description: 'Send as X-API-Key. Shown only in this response: store it now.' })
  key!: string;

  /** The key is returned in this response only. */
  static override from(client: ApiClient & { key: string }): CreatedApiClientDto {
    return shapeAs(CreatedApiClientDto, client);
  }
}

export class ApiClientPageDto extends PageOf(ApiClientResponseDto) {}
