import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional, IsString, Length, Matches } from 'class-validator';
import { ActivatableListQueryDto, trim } from '../../../platform/index.js';

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

export class ListPartiesQueryDto extends ActivatableListQueryDto {
  @ApiPropertyOptional({
    enum: ['code', 'nameEn', 'createdAt', 'updatedAt'],
    description: 'Prefix with - for descending.',
  })
  declare sort?: string;
}

export class PartyResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() code!: string;
  @ApiProperty() nameEn!: string;
  @ApiProperty() nameAr!: string;
  @ApiProperty() active!: boolean;
  @ApiProperty({ type: 'string', format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ type: 'string', format: 'date-time' }) updatedAt!: Date;
  @ApiProperty() version!: number;
}

export class PartyPageDto {
  @ApiProperty({ type: [PartyResponseDto] }) items!: PartyResponseDto[];
  @ApiProperty({ type: 'string', nullable: true }) nextCursor!: string | null;
}
