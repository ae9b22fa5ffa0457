import { EmailText, given, NameText, PageOf, shapeAs, sortable, SortQuery } from '../../../platform/index.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsOptional, IsString, IsUUID, Length, MaxLength, ValidateIf } from 'class-validator';
import { ListQueryDto } from '../../../platform/index.js';
import { USER_ROLES, type User, type UserRole } from '../entities/user.entity.js';
import { VERSION, text } from '../../../platform/index.js';

/** RFC 5321 §4.5.3.1.3: a path is at most 256 octets, so an address at most 254 characters. */
export const EMAIL_MAX = 254;
export const DISPLAY_NAME_MAX = 200;

export class CreateUserDto {
  @ApiProperty({ example: 'secretary.lb@example.org' })
  @EmailText()
  @IsEmail()
  @MaxLength(EMAIL_MAX)
  email!: string;

  @ApiProperty({ example: 'Rima Haddad' })
  @NameText()
  @IsString()
  @Length(1, DISPLAY_NAME_MAX)
  displayName!: string;

  @ApiProperty({ enum: USER_ROLES })
  @IsIn(USER_ROLES)
  role!: UserRole;

  @ApiProperty({ minLength: 12, maxLength: 128, description: 'At least 12 characters, not a common password.' })
  @IsString()
  password!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The person (delegation member) this login acts as.' })
  @IsOptional()
  @IsUUID()
  personId?: string;
}

export class UpdateUserDto {
  @ApiPropertyOptional()
  @IsOptional()
  @NameText()
  @IsString()
  @Length(1, DISPLAY_NAME_MAX)
  displayName?: string;

  @ApiPropertyOptional({ enum: USER_ROLES })
  @IsOptional()
  @IsIn(USER_ROLES)
  role?: UserRole;

  @ApiPropertyOptional({ description: 'false deactivates: sessions end and access tokens stop working at once.' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ format: 'uuid', type: 'string', nullable: true, description: 'null unlinks.' })
  @ValidateIf(given)
  @IsUUID()
  personId?: string | null;
}

export class SetPasswordDto {
  @ApiProperty({ minLength: 12, maxLength: 128 })
  @IsString()
  password!: string;
}

export const USER_SORT = sortable({
  email: { column: 'email', type: 'text' },
  displayName: { column: 'display_name', type: 'text' },
  createdAt: { column: 'created_at', type: 'timestamptz' },
  updatedAt: { column: 'updated_at', type: 'timestamptz' },
});

export class ListUsersQueryDto extends ListQueryDto {
  @ApiPropertyOptional({ enum: USER_ROLES })
  @IsOptional()
  @IsIn(USER_ROLES)
  role?: UserRole;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  active?: boolean;

  @SortQuery(USER_SORT)
  declare sort?: string;
}

export class UserResponseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty(text(EMAIL_MAX)) email!: string;
  @ApiProperty(text(DISPLAY_NAME_MAX)) displayName!: string;
  @ApiProperty({ enum: USER_ROLES }) role!: UserRole;
  @ApiProperty({ format: 'uuid', type: 'string', nullable: true }) personId!: string | null;
  @ApiProperty() active!: boolean;
  @ApiProperty({ type: 'string', format: 'date-time', nullable: true }) lastLoginAt!: Date | null;
  @ApiProperty({ type: 'string', format: 'date-time' }) createdAt!: Date;
  @ApiProperty({ type: 'string', format: 'date-time' }) updatedAt!: Date;
  @ApiProperty(VERSION) version!: number;

  static from(user: User): UserResponseDto {
    return shapeAs(UserResponseDto, user);
  }
}

export class UserPageDto extends PageOf(UserResponseDto) {}
