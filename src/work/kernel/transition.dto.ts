import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import { StoredText } from '../../platform/index.js';

/** `POST …/transitions`: the target state is validated per workflow by the resource's DTO. */
export class TransitionNoteDto {
  @ApiPropertyOptional({ description: 'Why; required for rejections and withdrawals.', maxLength: 10_000 })
  @IsOptional()
  @StoredText()
  @IsString()
  @MaxLength(10_000)
  note?: string;
}

export class TransitionTargetDoc {
  @ApiProperty() to!: string;
}
