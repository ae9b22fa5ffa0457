import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Length, Matches } from 'class-validator';
import { PageOf, shapeAs, trim } from '../../../platform/index.js';
import { ListReferenceDataQueryDto } from '../../reference-data/reference-data.dto.js';
import type { Party } from '../entities/party.entity.js';

export class CreatePartyDto {
  @ApiProperty({ example: 'LB', description: 'ISO 3166-1 alpha-2 for a state; 2–10 capital letters.' })
  @Transform(trim)
  @Matches(/^[A-Z][A-Z0-9_]{1,9}$/, { message: 'code must be 2–10 capital letters, digits or _' })
  code!: string;

  @ApiProperty({ example: 'Lebanon' })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  nameEn!: string;

  @ApiProperty({ example: 'لبنان' })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  nameAr!: string;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class UpdatePartyDto extends PartialType(CreatePartyDto) {}

export class ListPartiesQueryDto extends ListReferenceDataQueryDto {}

export class PartyResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() nameEn!: string;
  @ApiProperty() nameAr!: string;
  @ApiProperty() active!: boolean;
  @ApiProperty({ type: 'string', format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ type: 'string', format: 'date-time' }) updatedAt!: Date;
  @ApiProperty() version!: number;

  static from(party: Party): PartyResponseDto {
    return shapeAs(PartyResponseDto, party);
  }
}

export class PartyPageDto extends PageOf(PartyResponseDto) {}
