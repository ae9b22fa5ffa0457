import { Body, Controller, Get, HttpCode, Module, Post } from '@nestjs/common';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { DataSource } from 'typeorm';
import { Public } from '../../src/identity/access/access.decorators.js';

class ProbeItemDto {
  @IsString()
  label!: string;
}

export class ProbeDto {
  @IsString()
  @MaxLength(20)
  name!: string;

  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10)
  count?: number;

  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => ProbeItemDto)
  items?: ProbeItemDto[];
}

/** Routes that exist only in tests: they exercise the platform's error paths. */
@Public()
@Controller('probe')
export class ProbeController {
  constructor(private readonly dataSource: DataSource) {}

  // Echoes, creates nothing: 200, not a 201 (which would need a Location, @Created).
  @Post('echo')
  @HttpCode(200)
  echo(@Body() body: ProbeDto): ProbeDto {
    return body;
  }

  @Get('boom')
  boom(): never {
    throw new Error('internal detail: SELECT secret FROM vault at /srv/app/src/x.ts:12');
  }

  @Get('db')
  async db(): Promise<{ ok: number }> {
    const [row] = (await this.dataSource.query('SELECT 1 AS ok')) as { ok: number }[];
    return row!;
  }
}

@Module({ controllers: [ProbeController] })
export class ProbeModule {}
