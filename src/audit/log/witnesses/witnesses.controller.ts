import { Body, Controller, Get, Post, Put } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Access } from '../../../identity/index.js';
import { IdParam, SkipIdempotency } from '../../../platform/index.js';
import {
  CosignatureDto,
  RegisterWitnessDto,
  SubmitCosignatureDto,
  WitnessDto,
  WitnessPageDto,
} from '../dto/witness.dto.js';
import { CosignaturesService } from './cosignatures.service.js';
import { WitnessesService } from './witnesses.service.js';

/** The parties' witness keys and their cosignatures of the log's checkpoints. */
@ApiTags('log')
@Controller('log')
export class WitnessesController {
  constructor(
    private readonly witnesses: WitnessesService,
    private readonly cosignatures: CosignaturesService,
  ) {}

  @Get('witnesses')
  @Access({ apiClients: true })
  @ApiOkResponse({ type: WitnessPageDto, description: "Every party's witness key (one page: one row per party)." })
  list(): Promise<WitnessPageDto> {
    return this.witnesses.list();
  }

  /** Creates or replaces the party's witness key (a cosignature/v1 verifier key, type 0x04). */
  @Put('witnesses/:partyId')
  @Access({ roles: ['admin'] })
  @ApiOkResponse({ type: WitnessDto, description: 'The key now registered (created or replaced).' })
  @ApiConflictResponse({ description: "WITNESS_KEY_TAKEN: another party's key has this name or key." })
  register(@IdParam('partyId') partyId: string, @Body() dto: RegisterWitnessDto): Promise<WitnessDto> {
    return this.witnesses.register(partyId, dto);
  }

  /**
   * Stores a party's cosignature of one of the log's checkpoints once the log has checked it
   * (c2sp.org/tlog-cosignature; RFC 9162 §2.1.4 against the party's previous one). Any signed-in
   * user may post it: the signature is what speaks for the party. Sending it again is harmless.
   */
  @Post('cosignatures')
  @Access()
  // The same cosignature again answers the stored one by itself: no key needed.
  @SkipIdempotency()
  @ApiCreatedResponse({
    type: CosignatureDto,
    description: 'The stored cosignature (also when it was already stored).',
  })
  @ApiConflictResponse({
    description:
      'CHECKPOINT_UNKNOWN (not a checkpoint this log signed), CHECKPOINT_ROLLBACK (smaller than one the party cosigned), CHECKPOINT_INCONSISTENT (the log cannot prove it extends what the party cosigned).',
  })
  cosign(@Body() dto: SubmitCosignatureDto): Promise<CosignatureDto> {
    return this.cosignatures.submit(dto);
  }
}
