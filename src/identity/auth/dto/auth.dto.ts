import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { int32, text } from '../../../platform/index.js';

/**
 * An access token is a compact JWS (RFC 7515 §7.1) of a fixed header, claims of fixed size
 * (three UUIDs, four integers, issuer and audience) and an HS256 signature: under 400
 * characters; the bound leaves room.
 */
export const ACCESS_TOKEN_MAX = 1024;
/** A refresh token: 32 random bytes, base64url without padding (RFC 4648 §5). */
export const REFRESH_TOKEN_LENGTH = 43;

export class LoginDto {
  @ApiProperty({ example: 'admin@tansiq.demo' })
  @IsString()
  @MaxLength(254)
  email!: string;

  @ApiProperty()
  @IsString()
  @MaxLength(1024)
  password!: string;
}

export class RefreshDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  refreshToken!: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @MaxLength(1024)
  currentPassword!: string;

  @ApiProperty({ minLength: 12, maxLength: 128 })
  @IsString()
  newPassword!: string;
}

export class TokenPairDto {
  @ApiProperty({ description: 'Short-lived JWT: send as Authorization: Bearer <token>.', ...text(ACCESS_TOKEN_MAX) })
  accessToken!: string;
  @ApiProperty({
    description: 'Opaque; rotates on every use, and reuse of a spent one ends the session.',
    ...text(REFRESH_TOKEN_LENGTH, REFRESH_TOKEN_LENGTH),
  })
  refreshToken!: string;
  @ApiProperty({ description: 'Seconds until the access token expires.', ...int32(1) }) expiresIn!: number;
  @ApiProperty({ enum: ['Bearer'] }) tokenType!: 'Bearer';
}

/** `POST /auth/sudo`: the caller's current password. */
export class SudoDto {
  @ApiProperty({ description: 'Your current password.' })
  @IsString()
  @MaxLength(1024)
  password!: string;
}

/** `POST /auth/sudo` succeeded: sensitive operations are open to this session until `sudoUntil`. */
export class SudoResponseDto {
  @ApiProperty({
    type: 'string',
    format: 'date-time',
    description: 'When the confirmation lapses: the sign-in time plus SUDO_WINDOW_MINUTES.',
  })
  sudoUntil!: Date;
}
