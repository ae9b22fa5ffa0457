import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Length, Matches } from 'class-validator';
import { CodeText, NameText, PageOf, shapeAs } from '../../../platform/index.js';
import { ListReferenceDataQueryDto } from '../../reference-data/reference-data.dto.js';
import type { Party } from '../entities/party.entity.js';
import { PARTY_CODE, SHORT_NAME_MAX } from '../../text-bounds.js';
import { VERSION, text } from '../../../platform/index.js';

export class CreatePartyDto {
  @ApiProperty({
    example: 'LB',
    description: 'ISO 3166-1 alpha-2 for a state; 2–10 capital letters.',
    ...text(PARTY_CODE.max, PARTY_CODE.min),
  })
  @CodeText()
  @Matches(PARTY_CODE.pattern, { message: 'code must be 2–10 capital letters, digits or _' })
  code!: string;

  @ApiProperty({ example: 'Lebanon' })
  @NameText()
  @IsString()
  @Length(1, SHORT_NAME_MAX)
  nameEn!: string;

  @ApiProperty({ example: 'لبنان' })
  @NameText()
  @IsString()
  @Length(1, SHORT_NAME_MAX)
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
  @ApiProperty(text(PARTY_CODE.max, PARTY_CODE.min)) code!: string;
  @ApiProperty(text(SHORT_NAME_MAX)) nameEn!: string;
  @ApiProperty(text(SHORT_NAME_MAX)) nameAr!: string;
  @ApiProperty() active!: boolean;
  @ApiProperty({ type: 'string', format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ type: 'string', format: 'date-time' }) updatedAt!: Date;
  @ApiProperty(VERSION) version!: number;

  static from(party: Party): PartyResponseDto {
    return shapeAs(PartyResponseDto, party);
  }
}

export class PartyPageDto extends PageOf(PartyResponseDto) {}
