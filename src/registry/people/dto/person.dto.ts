import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import {
  IsBoolean,
  IsEmail,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import {
  ActivatableListQueryDto,
  EmailText,
  given,
  NameText,
  PageOf,
  SEARCH_QUERY_MAX,
  shapeAs,
  sortable,
  SortQuery,
} from '../../../platform/index.js';
import type { Person } from '../entities/person.entity.js';
import { EMAIL_MAX, PERSON_NAME_MAX, PHONE, RANK_TITLE_MAX } from '../../text-bounds.js';
import { VERSION, text } from '../../../platform/index.js';

export class CreatePersonDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  partyId!: string;

  @ApiPropertyOptional({
    type: 'string',
    format: 'uuid',
    nullable: true,
    description: "An agency of the person's party.",
  })
  @ValidateIf(given)
  @IsUUID()
  agencyId?: string | null;

  @ApiProperty({ example: 'Brig. Gen. Karim Nassar' })
  @NameText()
  @IsString()
  @Length(1, PERSON_NAME_MAX)
  nameEn!: string;

  @ApiProperty({ example: 'العميد كريم نصار' })
  @NameText()
  @IsString()
  @Length(1, PERSON_NAME_MAX)
  nameAr!: string;

  @ApiPropertyOptional({ type: 'string', nullable: true })
  @NameText()
  @ValidateIf(given)
  @IsString()
  @MaxLength(RANK_TITLE_MAX)
  rankTitle?: string | null;

  @ApiPropertyOptional({
    type: 'string',
    nullable: true,
    description: 'Personal data: shown to admins and to secretaries of the committees the person sits on.',
  })
  @EmailText()
  @ValidateIf(given)
  @IsEmail()
  @MaxLength(EMAIL_MAX)
  email?: string | null;

  @ApiPropertyOptional({ ...text(PHONE.max, PHONE.min), nullable: true, description: 'Personal data, as email.' })
  @ValidateIf(given)
  @Matches(PHONE.pattern, { message: 'phone must be a phone number' })
  phone?: string | null;

  @ApiPropertyOptional({ default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

/** A person's party does not change (it would move their memberships): create another person. */
export class UpdatePersonDto extends PartialType(OmitType(CreatePersonDto, ['partyId'] as const)) {}

export const PERSON_SORT = sortable({
  nameEn: { column: 'name_en', type: 'text' },
  createdAt: { column: 'created_at', type: 'timestamptz' },
  updatedAt: { column: 'updated_at', type: 'timestamptz' },
});

export class ListPeopleQueryDto extends ActivatableListQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  partyId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  agencyId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'People who hold or held a seat on this committee.' })
  @IsOptional()
  @IsUUID()
  committeeId?: string;

  @ApiPropertyOptional({
    description:
      'Search English and Arabic text (hamza, diacritics and case do not matter; word prefixes match), and the ' +
      'English name across Latin transliterations: `Mohamad Choucair` finds `Mohammed Shuqair` (a consonant key ' +
      'compared by trigram similarity).',
  })
  @IsOptional()
  @IsString()
  @Length(1, SEARCH_QUERY_MAX)
  declare q?: string;

  @SortQuery(
    PERSON_SORT,
    'Prefix with - for descending. Without `sort`, a search (`q`) is ordered by relevance: full-text hits first, ' +
      'then transliteration matches by falling similarity, each by English name; its cursor belongs to that order.',
  )
  declare sort?: string;
}

export class PersonResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) partyId!: string;
  @ApiProperty({ type: 'string', format: 'uuid', nullable: true }) agencyId!: string | null;
  @ApiProperty(text(PERSON_NAME_MAX)) nameEn!: string;
  @ApiProperty(text(PERSON_NAME_MAX)) nameAr!: string;
  @ApiProperty({ ...text(RANK_TITLE_MAX), nullable: true }) rankTitle!: string | null;
  @ApiPropertyOptional({
    ...text(EMAIL_MAX),
    nullable: true,
    description: 'Only for admins and secretaries of the same committees.',
  })
  email?: string | null;
  @ApiPropertyOptional({ ...text(PHONE.max, PHONE.min), nullable: true, description: 'As email.' })
  phone?: string | null;
  @ApiProperty() active!: boolean;
  @ApiProperty({ type: 'string', format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ type: 'string', format: 'date-time' }) updatedAt!: Date;
  @ApiProperty(VERSION) version!: number;

  /** Without `email` and `phone` unless `showContact` (the caller may see the person's contact details). */
  static from(person: Person, showContact: boolean): PersonResponseDto {
    return shapeAs(PersonResponseDto, showContact ? person : { ...person, email: undefined, phone: undefined });
  }
}

export class PersonPageDto extends PageOf(PersonResponseDto) {}
